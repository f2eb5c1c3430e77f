"""Who the site is about: the home page's profile and the `Person` behind structured data.

`Profile` comes from the `profile:` section of the brandkit block in mkdocs.yml; whatever is left
out there is taken from resume.json (`basics`), so a site with a resume needs almost no profile
configuration. `Person` is the schema.org view of the same facts (name, url, image, jobTitle,
sameAs), for JSON-LD.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from urllib.parse import urljoin

from brandkit.content.fields import is_http_url
from brandkit.content.models import Person
from brandkit.content.resume import Resume

# Known networks in the order the home page shows them, with their Material icon and label.
NETWORKS: dict[str, tuple[str, str]] = {
    "github": ("fontawesome/brands/github", "GitHub"),
    "mastodon": ("fontawesome/brands/mastodon", "Mastodon"),
    "linkedin": ("fontawesome/brands/linkedin", "LinkedIn"),
    "bluesky": ("fontawesome/brands/bluesky", "Bluesky"),
}
LINK_ICON = "material/link-variant"
EMAIL_ICON = "material/email-outline"


@dataclass(frozen=True)
class SocialLink:
    network: str  # "github", "mastodon", ..., "email", or "link" for extra links
    label: str
    url: str
    icon: str  # a Material icon path under .icons/, without ".svg"

    @property
    def is_identity(self) -> bool:
        """Links that verify the site (rel="me"): profiles, not mail."""
        return self.network != "email"


@dataclass(frozen=True)
class Profile:
    name: str = ""
    tagline: str = ""
    avatar: str | None = None  # docs-relative path or absolute URL
    avatar_alt: str = ""
    bio: str = ""
    email: str | None = None
    contact_url: str | None = None
    subscribe_url: str | None = None
    github: str | None = None
    mastodon: str | None = None
    linkedin: str | None = None
    bluesky: str | None = None
    extra_links: tuple[tuple[str, str], ...] = ()  # (label, url)
    featured_projects: int = 3
    upcoming_talks: int = 3

    @property
    def links(self) -> tuple[SocialLink, ...]:
        found: list[SocialLink] = []
        for network, (icon, label) in NETWORKS.items():
            url = getattr(self, network)
            if url:
                found.append(SocialLink(network, label, url, icon))
        found.extend(SocialLink("link", label, url, LINK_ICON) for label, url in self.extra_links)
        if self.email:
            found.append(SocialLink("email", "Email", f"mailto:{self.email}", EMAIL_ICON))
        return tuple(found)

    @property
    def initials(self) -> str:
        """Up to two letters for an avatar without a picture: "Maya Okafor" -> "MO"."""
        return "".join(word[0] for word in self.name.split()[:2]).upper() or "?"

    @property
    def contact(self) -> str | None:
        return self.contact_url or (f"mailto:{self.email}" if self.email else None)

    def with_resume(self, resume: Resume | None) -> Profile:
        """Fill what the profile leaves out from the resume's basics."""
        if resume is None:
            return self
        basics = resume.basics
        changes: dict[str, object] = {}
        for attr, key in (("tagline", "label"), ("bio", "summary")):
            if not getattr(self, attr) and isinstance(basics.get(key), str):
                changes[attr] = basics[key].strip()
        if not self.name and resume.name:
            changes["name"] = resume.name
        if not self.avatar and is_http_url(basics.get("image")):
            changes["avatar"] = basics["image"]
        if not self.email and isinstance(basics.get("email"), str):
            changes["email"] = basics["email"]
        for item in resume.profiles:
            network = item.network.strip().lower()
            if network in NETWORKS and not getattr(self, network) and is_http_url(item.url):
                changes[network] = item.url
        return dataclasses.replace(self, **changes) if changes else self  # type: ignore[arg-type]


def person_from(profile: Profile, resume: Resume | None, site_url: str | None) -> Person:
    """The site owner as schema.org sees them; the resume wins, the profile fills the gaps."""
    basics = resume.basics if resume is not None else {}
    name = (resume.name if resume is not None else "") or profile.name
    url = basics.get("url") if is_http_url(basics.get("url")) else site_url
    image = profile.avatar
    if is_http_url(basics.get("image")):
        image = basics["image"]
    elif image and not is_http_url(image):
        image = urljoin(site_url, image) if site_url else None
    same_as: list[str] = []
    for link in profile.links:
        if link.is_identity and link.url not in same_as:
            same_as.append(link.url)
    if resume is not None:
        for item in resume.profiles:
            if is_http_url(item.url) and item.url not in same_as:
                same_as.append(item.url)
    return Person(
        name=name,
        url=str(url) if url else None,
        image=image,
        job_title=(resume.label if resume is not None else "") or profile.tagline or None,
        same_as=tuple(same_as),
        email=profile.email,
        description=profile.bio or None,
    )
