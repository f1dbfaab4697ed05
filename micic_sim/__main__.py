from micic_sim.cli import main

main()
