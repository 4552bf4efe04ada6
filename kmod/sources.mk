# Module glue: init/exit, parameters, status file; and the OS contract's
# conformance suite (tests/contract/), run at load with selftest=1, with
# its kernel host glue (file_kernel.c).
TSMB_KMOD_SRCS := \
	kmod/main.c \
	tests/contract/contract.c \
	tests/contract/contract_file.c \
	tests/contract/file_kernel.c
