# Builds and installs Galley: the release binary (Swift's standard library and Foundation linked
# in), its man page and its bash, zsh and fish completions; or a Debian package of the same.
#   make install PREFIX=/usr/local      make uninstall PREFIX=/usr/local      make deb
PREFIX ?= /usr/local
BINDIR = $(DESTDIR)$(PREFIX)/bin
MANDIR = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
# SwiftPM's folder (`make SCRATCH=.build-x` builds elsewhere) and where the installable files are
# gathered: the plugin that writes the man page rebuilds .build/release/galley without the static
# standard library, so the static binary is copied out first.
SCRATCH ?= .build
BUILD = $(SCRATCH)/release
OUT = $(SCRATCH)/install
# The Swift standard library and Foundation linked in: the binary runs without a Swift toolchain
# on the machine, and starts faster (no dynamic loading of the Swift runtime).
SWIFTFLAGS = -c release --static-swift-stdlib --product galley --scratch-path $(SCRATCH)
# The Debian package: what the binary links dynamically (see `ldd`), named as Debian 12 does.
DEB_DEPENDS = libgit2-1.5, libsqlite3-0, libc6, libstdc++6, libgcc-s1, zlib1g
DEBROOT = $(SCRATCH)/deb/root

.PHONY: all build man completions install install-files uninstall deb clean

all: build man completions

build:
	scripts/bootstrap
	swift build $(SWIFTFLAGS)
	mkdir -p $(OUT)
	cp $(BUILD)/galley $(OUT)/galley

# swift-argument-parser's GenerateManual plugin builds the package's products and writes
# galley.1 (mdoc) from their help; a blank line in a command's discussion becomes a paragraph break.
man: build
	swift package --scratch-path $(SCRATCH) generate-manual >/dev/null
	sed 's/^$$/.Pp/' $(SCRATCH)/plugins/GenerateManual/outputs/galley/galley.1 > $(OUT)/galley.1

completions: build
	$(OUT)/galley --generate-completion-script bash > $(OUT)/galley.bash
	$(OUT)/galley --generate-completion-script zsh > $(OUT)/_galley
	$(OUT)/galley --generate-completion-script fish > $(OUT)/galley.fish

install: all
	$(MAKE) --no-print-directory install-files

uninstall:
	rm -f $(BINDIR)/galley $(MANDIR)/galley.1 $(BASHDIR)/galley $(ZSHDIR)/_galley $(FISHDIR)/galley.fish

# galley_VERSION_ARCH.deb in $(SCRATCH)/deb: the same files under /usr (the binary stripped, zsh's
# completion where Debian's zsh looks, the man page compressed), built with dpkg-deb.
deb: all
	rm -rf $(DEBROOT)
	$(MAKE) --no-print-directory install-files DESTDIR=$(DEBROOT) PREFIX=/usr ZSHDIR=$(DEBROOT)/usr/share/zsh/vendor-completions
	strip --strip-unneeded $(DEBROOT)/usr/bin/galley
	gzip -9n $(DEBROOT)/usr/share/man/man1/galley.1
	mkdir -p $(DEBROOT)/DEBIAN
	version=$$($(OUT)/galley --version); arch=$$(dpkg --print-architecture); \
	{ echo "Package: galley"; echo "Version: $$version"; echo "Architecture: $$arch"; \
	  echo "Maintainer: Galley <galley@localhost>"; echo "Depends: $(DEB_DEPENDS)"; \
	  echo "Section: utils"; echo "Priority: optional"; \
	  echo "Installed-Size: $$(du -sk $(DEBROOT)/usr | cut -f1)"; \
	  echo "Description: editorial workflow for newsrooms, with git as the log"; \
	  echo " Reporters write stories as drafts, editors review and approve them, and Galley"; \
	  echo " turns approved stories into publish-ready bundles (HTML, IPTC ninjs, manifest)."; \
	  echo " Every revision and editorial event is a git commit; a SQLite catalog answers fast."; \
	} > $(DEBROOT)/DEBIAN/control; \
	dpkg-deb --root-owner-group -Zxz --build $(DEBROOT) $(SCRATCH)/deb/galley_$${version}_$${arch}.deb
	@ls -l $(SCRATCH)/deb/*.deb

# The install step alone, on files already built.
install-files:
	install -d $(BINDIR) $(MANDIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(OUT)/galley $(BINDIR)/galley
	install -m 644 $(OUT)/galley.1 $(MANDIR)/galley.1
	install -m 644 $(OUT)/galley.bash $(BASHDIR)/galley
	install -m 644 $(OUT)/_galley $(ZSHDIR)/_galley
	install -m 644 $(OUT)/galley.fish $(FISHDIR)/galley.fish

clean:
	rm -rf $(SCRATCH)
