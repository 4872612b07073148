# Builds and installs Galley: the release binary, its man page and shell completions.
#   make install PREFIX=/usr/local      make uninstall PREFIX=/usr/local
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
BUILD = .build/release
# The Swift standard library and Foundation linked in: the binary runs without a Swift toolchain
# on the machine, and starts faster (no dynamic loading of the Swift runtime).
SWIFTFLAGS = -c release --static-swift-stdlib --product galley

.PHONY: all build man completions install uninstall clean

all: build man completions

build:
	scripts/bootstrap
	swift build $(SWIFTFLAGS)

man: build
	mkdir -p $(BUILD)/share
	swift package plugin --allow-writing-to-package-directory generate-manual --output-directory $(BUILD)/share >/dev/null || \
		swift package generate-manual >/dev/null
	find .build/plugins $(BUILD)/share -name galley.1 -exec cp {} $(BUILD)/galley.1 \; -quit

completions: build
	$(BUILD)/galley --generate-completion-script bash > $(BUILD)/galley.bash
	$(BUILD)/galley --generate-completion-script zsh > $(BUILD)/_galley
	$(BUILD)/galley --generate-completion-script fish > $(BUILD)/galley.fish

install: all
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BUILD)/galley $(BINDIR)/galley
	install -m 644 $(BUILD)/galley.1 $(MANDIR)/galley.1
	install -m 644 $(BUILD)/galley.bash $(BASHDIR)/galley
	install -m 644 $(BUILD)/_galley $(ZSHDIR)/_galley
	install -m 644 $(BUILD)/galley.fish $(FISHDIR)/galley.fish

uninstall:
	rm -f $(BINDIR)/galley $(MANDIR)/galley.1 $(BASHDIR)/galley $(ZSHDIR)/_galley $(FISHDIR)/galley.fish

clean:
	rm -rf .build
