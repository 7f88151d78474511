# prigate top-level Makefile (GNU make).
# make            build everything with the Kconfig defaults
# make run        install deps, build, start the demo on a simulated E1 span
# make check      install deps, build, run every test (SAN=1: ASan+UBSan)
# make bench      benchmarks, printed as tables
# make fuzz       run every fuzz harness for FUZZ_SECONDS each

SAN ?= 0
V ?= 0
FUZZ_SECONDS ?= 10

ifeq ($(SAN),1)
B := build/san
SANFLAGS := -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined
else
B := build/default
SANFLAGS :=
endif

ifeq ($(V),0)
Q := @
else
Q :=
endif

CC ?= cc
CFLAGS ?= -O2 -g
CFLAGS += -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
	  -Wstrict-prototypes -Wmissing-prototypes -D_GNU_SOURCE -pthread \
	  $(SANFLAGS) -I$(B) -Igateway -Igateway/core -Icodecs -Idrivers/tdm -Igateway/prigated \
	  -I/usr/include/iniparser
LDFLAGS += $(SANFLAGS) -pthread
LDLIBS := -lpri -liniparser -lsrtp2 -lssl -lcrypto -lm
BPF_CFLAGS := -O2 -g -Wall -Werror -target bpf -I/usr/include/$(shell $(CC) -dumpmachine)

KCONFIG_CONFIG ?= .config
comma := ,

.PHONY: all deps defconfig menuconfig olddefconfig run check unit integration \
	bench fuzz fuzz-build vmcheck vmbench clean distclean format

all: $(B)/prigated $(B)/pbxsim $(B)/prigatectl $(B)/rtpload

-include $(KCONFIG_CONFIG)

# keep objects of test programs: make would delete them as intermediates
.SECONDARY:

# --- configuration -------------------------------------------------------
# A fresh clone has no .config: take the Kconfig defaults without asking.
$(KCONFIG_CONFIG): Kconfig
	$(Q)if [ -f $@ ]; then kconfig-conf --olddefconfig Kconfig >/dev/null; \
	else kconfig-conf --alldefconfig Kconfig >/dev/null; fi
	$(Q)touch $@

defconfig:
	kconfig-conf --alldefconfig Kconfig

olddefconfig:
	kconfig-conf --olddefconfig Kconfig

menuconfig:
	kconfig-mconf Kconfig

$(B)/config.h: $(KCONFIG_CONFIG) tools/build/kconfig2h.sh
	@mkdir -p $(@D)
	$(Q)tools/build/kconfig2h.sh $< $@

# --- sources ---------------------------------------------------------------
# Every .c under gateway/<layer>/, codecs/ and drivers/tdm/ goes into the
# library; backends are chosen by Kconfig, not #ifdef.
TDM_SRCS := drivers/tdm/tdm.c
TDM_SRCS += $(if $(filter y,$(CONFIG_BACKEND_SIM)),drivers/tdm/sim.c)
TDM_SRCS += $(if $(filter y,$(CONFIG_BACKEND_DAHDI)),drivers/tdm/dahdi.c)
LIB_SRCS := $(filter-out gateway/prigated/%,$(wildcard gateway/*/*.c)) $(wildcard codecs/*.c) \
	$(wildcard $(TDM_SRCS))
# SIP over TLS (OpenSSL) only when configured; a stub file otherwise
LIB_SRCS := $(filter-out $(if $(filter y,$(CONFIG_TLS)),gateway/sip/sip_tls_none.c,gateway/sip/sip_tls.c),$(LIB_SRCS))
# the AF_XDP media engine (libxdp, libbpf) only when configured; a stub otherwise
XDP_SRCS := gateway/media/media_io_xdp.c
LIB_SRCS := $(filter-out $(if $(filter y,$(CONFIG_MEDIA_XDP)),gateway/media/media_io_xdp_none.c,$(XDP_SRCS)),$(LIB_SRCS))
LIB_OBJS := $(LIB_SRCS:%.c=$(B)/%.o)
LDLIBS += $(if $(filter y,$(CONFIG_MEDIA_XDP)),-lxdp -lbpf)
LIB := $(B)/libprigate.a

PRIGATED_SRCS := $(wildcard gateway/prigated/*.c)
PBXSIM_SRCS := $(wildcard tools/pbxsim/*.c)
PRIGATECTL_SRCS := $(wildcard tools/prigatectl/*.c)
RTPLOAD_SRCS := $(wildcard tools/rtpload/*.c)

UNIT_SRCS := $(wildcard tests/unit/test_*.c)
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
TOOL_SRCS := $(wildcard tests/tools/*.c)
TOOL_BINS := $(TOOL_SRCS:tests/tools/%.c=$(B)/tests/tools/%)
FUZZ_SRCS := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=build/fuzz/%)

$(B)/%.o: %.c $(B)/config.h
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

# the XDP program: BPF bytecode from clang, carried inside the library
$(B)/media_xdp.bpf.o: gateway/media/bpf/media_xdp.bpf.c
	@mkdir -p $(@D)
	@echo "  BPF     $<"
	$(Q)clang $(BPF_CFLAGS) -c -o $@ $<

$(B)/media_xdp_obj.h: $(B)/media_xdp.bpf.o tools/build/bin2c.sh
	$(Q)tools/build/bin2c.sh $< media_xdp_obj $@

$(B)/gateway/media/media_io_xdp.o: $(B)/media_xdp_obj.h

$(LIB): $(LIB_OBJS)
	@echo "  AR      $@"
	$(Q)rm -f $@ && ar rcs $@ $^

$(B)/prigated: $(PRIGATED_SRCS:%.c=$(B)/%.o) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/pbxsim: $(PBXSIM_SRCS:%.c=$(B)/%.o) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/prigatectl: $(PRIGATECTL_SRCS:%.c=$(B)/%.o) $(LIB)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(B)/rtpload: $(RTPLOAD_SRCS:%.c=$(B)/%.o)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^

$(B)/tests/%: $(B)/tests/unit/%.o $(LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS) -lcmocka

$(B)/tests/tools/%: $(B)/tests/tools/%.o $(LIB)
	@mkdir -p $(@D)
	@echo "  LD      $@"
	$(Q)$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

-include $(shell find $(B) -name '*.d' 2>/dev/null)

# --- fuzzing (clang libFuzzer) --------------------------------------------
FUZZ_CFLAGS := -g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -std=gnu11 \
	-Ibuild/fuzz -Igateway -Igateway/core -Icodecs -Idrivers/tdm -I/usr/include/iniparser
build/fuzz/config.h: $(KCONFIG_CONFIG)
	@mkdir -p $(@D)
	$(Q)tools/build/kconfig2h.sh $< $@

# the fuzzers take the AF_XDP engine's stub (no BPF object, no libxdp); the
# library is compiled once with coverage instrumentation, each harness links
# against it
FUZZ_LIB_SRCS := $(filter-out $(XDP_SRCS),$(LIB_SRCS)) $(if $(filter y,$(CONFIG_MEDIA_XDP)),gateway/media/media_io_xdp_none.c)
FUZZ_LDLIBS := $(filter-out -lxdp -lbpf,$(LDLIBS))
FUZZ_LIB_OBJS := $(FUZZ_LIB_SRCS:%.c=build/fuzz/obj/%.o)
build/fuzz/obj/%.o: %.c build/fuzz/config.h
	@mkdir -p $(@D)
	@echo "  CC      $@"
	$(Q)clang $(subst fuzzer$(comma),fuzzer-no-link$(comma),$(FUZZ_CFLAGS)) -MMD -MP -c -o $@ $<

build/fuzz/libprigate.a: $(FUZZ_LIB_OBJS)
	$(Q)rm -f $@ && ar rcs $@ $^

build/fuzz/%: tests/fuzz/%.c build/fuzz/libprigate.a
	@echo "  FUZZ    $@"
	$(Q)clang $(FUZZ_CFLAGS) -o $@ $< build/fuzz/libprigate.a $(FUZZ_LDLIBS)

-include $(shell find build/fuzz/obj -name '*.d' 2>/dev/null)

fuzz-build: $(FUZZ_BINS)

fuzz: deps fuzz-build
	$(Q)tests/run-fuzz.sh $(FUZZ_SECONDS) $(FUZZ_BINS)

# --- top-level targets -----------------------------------------------------
deps:
	$(Q)tools/build/deps.sh

run: deps all
	$(Q)tools/demo.sh $(B)

unit: $(UNIT_BINS)
	$(Q)tests/run-unit.sh $(UNIT_BINS)

integration: all $(TOOL_BINS)
	$(Q)tests/run-integration.sh $(B)

check: deps
	$(Q)$(MAKE) --no-print-directory all unit integration $(TOOL_BINS)
	$(Q)$(MAKE) --no-print-directory fuzz-build
	$(Q)tests/run-fuzz.sh 5 $(FUZZ_BINS)
	$(Q)if [ -f tests/vm/Makefile ]; then $(MAKE) --no-print-directory vmcheck; fi
	@echo "make check: all tests passed"

bench: deps all $(TOOL_BINS)
	$(Q)tests/bench/run.sh $(B)

vmcheck: deps all
	$(Q)$(MAKE) --no-print-directory -f tests/vm/Makefile B=$(B) vmcheck

vmbench: deps all
	$(Q)$(MAKE) --no-print-directory -f tests/vm/Makefile B=$(B) vmbench

format:
	clang-format -i $$(git ls-files '*.c' '*.h' | grep -v '^drivers/vspan/')

clean:
	rm -rf build

distclean: clean
	rm -f .config .config.old
