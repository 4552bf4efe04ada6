# Module glue: init/exit, parameters, status file; and the OS contract's
# conformance suite (tests/contract/), run at load with selftest=1.
TSMB_KMOD_SRCS := \
	kmod/main.c \
	tests/contract/contract.c
