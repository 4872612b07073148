import GalleyCLI

GalleyCommand.runAndExit()
