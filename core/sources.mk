# The core's source list, read by both builds: Kbuild includes this file,
# CMakeLists.txt extracts the C file paths from it. One file per line.
TSMB_CORE_SRCS := \
	core/lib/status.c \
	core/lib/addr.c \
	core/lib/cache.c \
	core/lib/utf16.c \
	core/lib/idmap.c \
	core/upcall/msg.c \
	core/wire/frame.c \
	core/wire/hdr.c \
	core/wire/error.c \
	core/wire/negotiate.c \
	core/wire/smb1_negotiate.c \
	core/wire/echo.c \
	core/wire/transform.c \
	core/crypto/preauth.c \
	core/crypto/kdf.c \
	core/crypto/sign.c \
	core/crypto/transform.c \
	core/smb2/dispatch.c \
	core/smb2/negotiate.c \
	core/smb2/echo.c \
	core/conn/credits.c \
	core/conn/conn.c \
	core/transport/tcp.c \
	core/vfs/attr.c \
	core/server.c
