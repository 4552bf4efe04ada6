# Module glue: init/exit and parameters, applying tsmbd's CONFIG, the
# status file; and the OS contract's
# conformance suite (tests/contract/), run at load with selftest=1, with
# its kernel host glue (file_kernel.c).
TSMB_KMOD_SRCS := \
	kmod/main.c \
	kmod/config.c \
	kmod/status.c \
	tests/contract/contract.c \
	tests/contract/contract_file.c \
	tests/contract/file_kernel.c
