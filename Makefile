# sc - social customer care toolchain.  One Makefile: lib/libsc.a from
# every lib/*.c, one pattern rule for every bin/sc-* (its cmd/sc-*.c and
# cmd/cli.c, the frame every program shares), tests under tests/.
#
#   make                  build bin/sc-*
#   make check            every test, once normally and once under ASan+UBSan
#   make check-fast       every test, normal build only
#   make install PREFIX=/usr/local
#   make lint             banned functions, mandoc -Tlint

CC      ?= cc
CFLAGS  ?= -O2 -g
PREFIX  ?= /usr/local
MANDIR  ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share/sc
SAN     ?= 0

WARN     = -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes -Wno-unused-parameter
ALL_CFLAGS = -std=c11 -D_GNU_SOURCE -Ilib -Ibuild/gen $(HUNSPELL_CFLAGS) $(WARN) $(CFLAGS) -MMD -MP
LDLIBS_BASE = -ljansson -lcsv -lm
# programs that talk HTTP link libcurl; the others never do
CURL_PROGS = sc-fetch sc-reply
# programs that lemmatize Polish link libhunspell (lib/triage_morph.c)
HUNSPELL_PROGS = sc-triage
HUNSPELL_CFLAGS := $(shell pkg-config --cflags hunspell 2>/dev/null || echo -I/usr/include/hunspell)
HUNSPELL_LIBS := $(shell pkg-config --libs hunspell 2>/dev/null || echo -lhunspell)
# programs with a terminal screen link ncursesw (and their cmd/*_ui.c); the others never do
NCURSES_PROGS = sc-inbox
INBOX_UI_OBJ = $(O)/cmd/inbox_ui.o $(O)/cmd/inbox_conv.o
# programs that serve HTTP link libmicrohttpd (the webhook receiver)
MHD_PROGS = sc-webhook

ifeq ($(SAN),1)
O        = build/asan
BIN      = build/asan/bin
ALL_CFLAGS += -O1 -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
LDFLAGS  += -fsanitize=address,undefined
else
O        = build/obj
BIN      = bin
endif

LIB_SRC  = $(wildcard lib/*.c)
LIB_OBJ  = $(LIB_SRC:lib/%.c=$(O)/lib/%.o)
CMD_SRC  = $(wildcard cmd/sc-*.c)
PROGS    = $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS    = $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
MANS     = $(wildcard man/*.1 man/*.7)

all: $(PROGS)

$(O)/lib/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/cmd/%.o: cmd/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(O)/tests/%.o: tests/unit/%.c
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -Itests/unit -Icmd -c -o $@ $<

# the built-in lexicons are the data file share/sc/triage.lex, compiled in
build/gen/triage_lex.inc: share/sc/triage.lex scripts/lex2c
	@mkdir -p build/gen
	sh scripts/lex2c share/sc/triage.lex > $@.tmp && mv $@.tmp $@
$(O)/lib/triage_lex.o build/fuzz/obj/triage_lex.o: build/gen/triage_lex.inc

$(O)/libsc.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BIN)/%: $(O)/cmd/%.o $(O)/cmd/cli.o $(O)/libsc.a
	@mkdir -p $(dir $@)
	$(CC) $(LDFLAGS) -o $@ $< $(O)/cmd/cli.o $(if $(filter $*,$(NCURSES_PROGS)),$(INBOX_UI_OBJ)) \
		$(O)/libsc.a $(if $(filter $*,$(CURL_PROGS)),-lcurl) \
		$(if $(filter $*,$(HUNSPELL_PROGS)),$(HUNSPELL_LIBS)) \
		$(if $(filter $*,$(NCURSES_PROGS)),-lncursesw) \
		$(if $(filter $*,$(MHD_PROGS)),-lmicrohttpd -lpthread) $(LDLIBS_BASE)

$(BIN)/sc-inbox: $(INBOX_UI_OBJ)

$(O)/tests/test_%: $(O)/tests/test_%.o $(O)/cmd/cli.o $(O)/libsc.a
	$(CC) $(LDFLAGS) -o $@ $< $(O)/cmd/cli.o $(O)/libsc.a -lcurl $(HUNSPELL_LIBS) $(LDLIBS_BASE)

units: $(UNITS)

# The whole suite against one build: unit tests, CLI cases, man EXAMPLES.
test: all units
	@BIN=$(abspath $(BIN)) UNITS="$(abspath $(UNITS))" SAN=$(SAN) sh tests/run-all

check:
	@$(MAKE) --no-print-directory test SAN=0 > build-check-normal.log 2>&1; s1=$$?; \
	 grep -E '^[0-9]+ passed, [0-9]+ failed$$' build-check-normal.log | tail -n 1 | sed 's/^/normal build: /'; \
	 $(MAKE) --no-print-directory test SAN=1 > build-check-asan.log 2>&1; s2=$$?; \
	 grep -E '^[0-9]+ passed, [0-9]+ failed$$' build-check-asan.log | tail -n 1 | sed 's/^/asan+ubsan build: /'; \
	 grep -h '^not ok' build-check-normal.log build-check-asan.log || true; \
	 p=$$(cat build-check-normal.log build-check-asan.log | sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$$/\1 \2/p' | awk '{p+=$$1; f+=$$2} END {print p+0, f+0}'); \
	 set -- $$p; echo "$$1 passed, $$2 failed"; \
	 test $$s1 -eq 0 && test $$s2 -eq 0 && test "$$2" -eq 0

check-fast: test

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man7
	install -m 755 $(PROGS) $(DESTDIR)$(PREFIX)/bin/
	for m in man/*.1; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	for m in man/*.7; do install -m 644 $$m $(DESTDIR)$(MANDIR)/man7/; done
	mkdir -p $(DESTDIR)$(DATADIR)
	install -m 644 share/sc/triage.lex $(DESTDIR)$(DATADIR)/

lint:
	@! grep -nE '\b(sprintf|strcpy|strcat|strtok|atoi|gets)\(' lib/*.c cmd/*.c || { echo 'banned function'; exit 1; }
	@! grep -nE '\b(printf|puts|putchar|perror|exit|_exit|abort)\(|\bf(printf|puts)\((stdout|stderr)' lib/*.c | \
	   grep -v 'lint-ok:' || { echo 'lib/ prints or exits (sc.h: it fills struct sc_error)'; exit 1; }
	mandoc -Tlint -W warning $(MANS)

clean:
	rm -rf build bin build-check-*.log

.PHONY: all units test check check-fast install lint clean
# keep objects that pattern chains would otherwise delete
.SECONDARY:
-include $(shell find build -name '*.d' 2>/dev/null)

# libFuzzer targets (clang; not part of check): tests/fuzz/fuzz_*.c over
# the library built once with the fuzzer's instrumentation.  `make fuzz`
# builds them all; `make fuzz-ci` runs each for FUZZ_SECONDS (60) with its
# dictionary and a seed corpus gathered from tests/ (tests/fuzz/run; fuzz_scan
# is the scanner's differential target), and
# fails on the first crash, which it leaves in build/fuzz/crashes/.
FUZZ_SECONDS ?= 60
FUZZ_CC     = clang
FUZZ_CFLAGS = -std=c11 -D_GNU_SOURCE -Ilib -Ibuild/gen $(HUNSPELL_CFLAGS) $(WARN) -g -O1 -fsanitize=address,undefined \
	      -fno-sanitize-recover=undefined -fno-omit-frame-pointer
FUZZ_SRC    = $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS   = $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
FUZZ_LIBOBJ = $(LIB_SRC:lib/%.c=build/fuzz/obj/%.o)
fuzz: $(FUZZ_BINS)
build/fuzz/obj/%.o: lib/%.c
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer-no-link -MMD -MP -c -o $@ $<
build/fuzz/libsc.a: $(FUZZ_LIBOBJ)
	@rm -f $@
	ar rcs $@ $^
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h build/fuzz/libsc.a
	$(FUZZ_CC) $(FUZZ_CFLAGS) -fsanitize=fuzzer -o $@ $< build/fuzz/libsc.a -lcurl $(HUNSPELL_LIBS) $(LDLIBS_BASE)
fuzz-ci: fuzz
	FUZZ_SECONDS=$(FUZZ_SECONDS) sh tests/fuzz/run
.PHONY: fuzz fuzz-ci
