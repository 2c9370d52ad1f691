from songsmith.cli import main

main()
