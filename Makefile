# Shortcuts for people who have make; each target is the same as ./dev.sh TARGET.
.PHONY: demo test bench screenshots
demo test bench screenshots:
	./dev.sh $@
