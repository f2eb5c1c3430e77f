from brandkit.cli import main

main()
