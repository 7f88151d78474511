# SPDX-License-Identifier: GPL-2.0
# vspan qemu rig: make -f tests/vm/Makefile B=build/default vmcheck|vmbench
# (B is accepted for symmetry with the top Makefile; the rig writes build/vm/.)

B ?= build/default
VM ?= build/vm
VMSH := tests/vm/vm.sh

vmcheck: vm-initrd
	VM=$(VM) $(VMSH) run check

vmbench: vm-initrd
	VM=$(VM) $(VMSH) run bench

vm-build:
	VM=$(VM) $(VMSH) build

vm-initrd: vm-build
	VM=$(VM) $(VMSH) initrd

.PHONY: vmcheck vmbench vm-build vm-initrd
