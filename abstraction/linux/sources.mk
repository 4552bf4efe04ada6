# The kernel implementation of the OS contract (built by Kbuild only).
TSMB_LINUX_SRCS := \
	abstraction/linux/errno.c \
	abstraction/linux/mem.c \
	abstraction/linux/work.c \
	abstraction/linux/time.c \
	abstraction/linux/net.c \
	abstraction/linux/log.c \
	abstraction/linux/crypto.c \
	abstraction/linux/file.c \
	abstraction/linux/ident.c \
	abstraction/linux/upcall.c
