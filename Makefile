# SPDX-License-Identifier: GPL-2.0-or-later
#
# Convenience targets for a Debian 12 machine. The kernel build itself is
# plain Kbuild: "make -C /lib/modules/<ver>/build M=$PWD modules" reads
# ./Kbuild, never this file.
#
#   make run     install dependencies, build, start tsmbd in the foreground
#   make check   install dependencies, build, run the whole test suite
#   make build   build tsmbd and the unit tests (build/)
#   make module  build tsmb.ko against KDIR (default: the newest installed headers)

BUILD ?= build
KVER ?= $(shell tests/vm/kver.sh 2>/dev/null)
KDIR ?= /lib/modules/$(KVER)/build

# What building needs, and what the tests need on top (the QEMU guest boots
# Debian's own kernel, so its image and headers are test dependencies).
DEPS_BUILD := build-essential cmake pkg-config libssl-dev libtalloc-dev \
	libnl-genl-3-dev libnl-3-dev libkrb5-dev libcmocka-dev
DEPS_TEST := clang libclang-rt-14-dev smbclient samba samba-testsuite \
	python3 python3-impacket cifs-utils qemu-system-x86 linux-image-amd64 \
	linux-headers-amd64 busybox-static cpio kmod xz-utils iproute2 procps

.PHONY: all build run check deps deps-build deps-test module clean

all: build

# apt-get only when something is missing, so that repeated runs stay quick.
define apt_install
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | \
		grep -q '^install ok installed$$' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:" $$missing; \
		apt-get update -q && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

deps-build:
	$(call apt_install,$(DEPS_BUILD))

deps-test: deps-build
	$(call apt_install,$(DEPS_TEST))

deps: deps-test

build:
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo
	cmake --build $(BUILD) -j$$(nproc)

run: deps-build build
	$(BUILD)/user/tsmbd --foreground

check: deps-test
	tests/run-all.sh

module:
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	rm -rf $(BUILD) build-*
	-[ -d "$(KDIR)" ] && $(MAKE) -C $(KDIR) M=$(CURDIR) clean
