<?xml version="1.0" encoding="UTF-8"?>
<!-- brandkit's feed stylesheet: a browser that opens feed.xml or atom.xml shows this page (what a
     feed is, how to follow it, the latest posts) instead of raw XML. Feed readers ignore it. -->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom">
  <xsl:output method="html" version="5.0" encoding="UTF-8" indent="yes"/>

  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="en">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width,initial-scale=1"/>
        <meta name="robots" content="noindex"/>
        <title><xsl:value-of select="$title"/> (feed)</title>
        <style>
          :root { color-scheme: light dark; --bg: #fffdf9; --fg: #1f1b18; --muted: #5a524c; --accent: #9c3d1b; --box: #f5f1ea; }
          @media (prefers-color-scheme: dark) { :root { --bg: #1b1715; --fg: #ece6e1; --muted: #bdb3ab; --accent: #f2a07a; --box: #26211e; } }
          body { margin: 0; background: var(--bg); color: var(--fg); font: 17px/1.65 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
          main { max-width: 40rem; margin: 0 auto; padding: 2rem 1.2rem 3rem; }
          a { color: var(--accent); text-underline-offset: .2em; }
          h1 { font-size: 2rem; line-height: 1.15; letter-spacing: -.02em; margin: .5rem 0 .5rem; }
          .about { background: var(--box); border-radius: .5rem; padding: .9rem 1.1rem; margin: 1.2rem 0 2rem; }
          .about p { margin: .3rem 0; }
          code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: .9em; overflow-wrap: anywhere; }
          ol { list-style: none; padding: 0; margin: 0; }
          li { padding: .8rem 0; border-bottom: 1px solid color-mix(in srgb, var(--fg) 12%, transparent); }
          li a { font-weight: 650; font-size: 1.05rem; }
          .date { display: block; color: var(--muted); font-size: .85rem; }
          .muted { color: var(--muted); }
        </style>
      </head>
      <body>
        <main>
          <p class="muted">Web feed</p>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="/rss/channel/description | /atom:feed/atom:subtitle"/></p>
          <div class="about">
            <p><strong>This is a web feed</strong>, the list of new posts on this site. Add its address to a
              feed reader app (NetNewsWire, Feeder, Thunderbird, Miniflux and many more) and new posts come
              to you, with no account and no tracking.</p>
            <p>The address to copy is the one in your browser's address bar.</p>
          </div>
          <h2>Latest posts</h2>
          <ol>
            <xsl:for-each select="/rss/channel/item">
              <li>
                <a href="{link}"><xsl:value-of select="title"/></a>
                <span class="date"><xsl:value-of select="substring(pubDate, 6, 11)"/></span>
              </li>
            </xsl:for-each>
            <xsl:for-each select="/atom:feed/atom:entry">
              <li>
                <a href="{atom:link[not(@rel) or @rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
                <span class="date"><xsl:value-of select="substring(atom:published, 1, 10)"/></span>
              </li>
            </xsl:for-each>
          </ol>
          <p><a href="{$home}">Visit the website</a></p>
        </main>
      </body>
    </html>
  </xsl:template>
</xsl:stylesheet>
