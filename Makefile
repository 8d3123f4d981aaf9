# Shortcuts for people who have make; each target is the same as ./dev.sh TARGET.
.PHONY: demo test bench screenshots package
demo test bench screenshots package:
	./dev.sh $@
