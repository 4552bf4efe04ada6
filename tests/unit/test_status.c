// SPDX-License-Identifier: GPL-2.0-or-later
/* core/lib/status.c: the -TSMB_E* -> NTSTATUS table, names, TSMB_ERR. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include <tsmb/os/errno.h>

#include "core/lib/status.h"
#include "host.h"

struct errmap {
	int err;
	uint32_t status;
};

/*
 * What a Windows server answers for the same condition, so that clients
 * react as they would there (e.g. retry on SHARING_VIOLATION).
 */
static const struct errmap expected[] = {
	{ TSMB_EPERM, STATUS_ACCESS_DENIED },
	{ TSMB_EACCES, STATUS_ACCESS_DENIED },
	{ TSMB_ENOENT, STATUS_OBJECT_NAME_NOT_FOUND },
	{ TSMB_ENOMEM, STATUS_INSUFFICIENT_RESOURCES },
	{ TSMB_EBUSY, STATUS_SHARING_VIOLATION },
	{ TSMB_EEXIST, STATUS_OBJECT_NAME_COLLISION },
	{ TSMB_EXDEV, STATUS_NOT_SAME_DEVICE },
	{ TSMB_ENOTDIR, STATUS_NOT_A_DIRECTORY },
	{ TSMB_EISDIR, STATUS_FILE_IS_A_DIRECTORY },
	{ TSMB_EINVAL, STATUS_INVALID_PARAMETER },
	{ TSMB_EBADF, STATUS_INVALID_HANDLE },
	{ TSMB_ENFILE, STATUS_TOO_MANY_OPENED_FILES },
	{ TSMB_EMFILE, STATUS_TOO_MANY_OPENED_FILES },
	{ TSMB_EFBIG, STATUS_FILE_TOO_LARGE },
	{ TSMB_ENOSPC, STATUS_DISK_FULL },
	{ TSMB_EDQUOT, STATUS_DISK_QUOTA_EXCEEDED },
	{ TSMB_EROFS, STATUS_MEDIA_WRITE_PROTECTED },
	{ TSMB_ENAMETOOLONG, STATUS_NAME_TOO_LONG },
	{ TSMB_ENOTEMPTY, STATUS_DIRECTORY_NOT_EMPTY },
	{ TSMB_ELOOP, STATUS_STOPPED_ON_SYMLINK },
	{ TSMB_ENOSYS, STATUS_NOT_SUPPORTED },
	{ TSMB_EOPNOTSUPP, STATUS_NOT_SUPPORTED },
	{ TSMB_ENOLCK, STATUS_LOCK_NOT_GRANTED },
	{ TSMB_ETIMEDOUT, STATUS_IO_TIMEOUT },
	{ TSMB_ECANCELED, STATUS_CANCELLED },
	{ TSMB_ECONNRESET, STATUS_CONNECTION_RESET },
	{ TSMB_ENOTCONN, STATUS_CONNECTION_DISCONNECTED },
	{ TSMB_EPIPE, STATUS_CONNECTION_DISCONNECTED },
	{ TSMB_ERANGE, STATUS_BUFFER_TOO_SMALL },
	{ TSMB_ENODATA, STATUS_NOT_FOUND },
};

/* Every value the contract defines (abstraction/include/tsmb/os/errno.h). */
static const int all_errnos[] = {
	TSMB_EPERM, TSMB_ENOENT, TSMB_EINTR, TSMB_EIO, TSMB_EBADF, TSMB_EAGAIN,
	TSMB_ENOMEM, TSMB_EACCES, TSMB_EFAULT, TSMB_EBUSY, TSMB_EEXIST, TSMB_EXDEV,
	TSMB_ENODEV, TSMB_ENOTDIR, TSMB_EISDIR, TSMB_EINVAL, TSMB_ENFILE, TSMB_EMFILE,
	TSMB_EFBIG, TSMB_ENOSPC, TSMB_ESPIPE, TSMB_EROFS, TSMB_EMLINK, TSMB_EPIPE,
	TSMB_ERANGE, TSMB_EDEADLK, TSMB_ENAMETOOLONG, TSMB_ENOLCK, TSMB_ENOSYS,
	TSMB_ENOTEMPTY, TSMB_ELOOP, TSMB_ENODATA, TSMB_EOVERFLOW, TSMB_EBADMSG,
	TSMB_EMSGSIZE, TSMB_EPROTO, TSMB_EOPNOTSUPP, TSMB_EAFNOSUPPORT, TSMB_EADDRINUSE,
	TSMB_EADDRNOTAVAIL, TSMB_ENETDOWN, TSMB_ECONNABORTED, TSMB_ECONNRESET,
	TSMB_ENOTCONN, TSMB_ESHUTDOWN, TSMB_ETIMEDOUT, TSMB_ECONNREFUSED, TSMB_EDQUOT,
	TSMB_ECANCELED,
};

static void test_zero_is_success(void **state)
{
	assert_int_equal(tsmb_status_from_errno(0).v, STATUS_SUCCESS);
	assert_true(tsmb_st_ok(tsmb_status_from_errno(0)));
}

static void test_table(void **state)
{
	unsigned int i;

	for (i = 0; i < sizeof(expected) / sizeof(expected[0]); i++) {
		struct tsmb_status neg = tsmb_status_from_errno(-expected[i].err);
		struct tsmb_status pos = tsmb_status_from_errno(expected[i].err);

		if (neg.v != expected[i].status)
			fail_msg("-errno %d: 0x%08x, expected 0x%08x", expected[i].err, neg.v,
				 expected[i].status);
		/* A positive errno is accepted as the same error. */
		assert_int_equal(pos.v, neg.v);
	}
}

/*
 * An OS failure must reach the client as an error: a warning or success
 * severity would make the dispatcher send the handler's body as if the
 * call had (partly) worked.
 */
static void test_every_errno_is_an_error(void **state)
{
	unsigned int i;

	tsmb_posix_log_set_level(TSMB_LOG_ERR);	/* unmapped ones warn */
	for (i = 0; i < sizeof(all_errnos) / sizeof(all_errnos[0]); i++) {
		struct tsmb_status st = tsmb_status_from_errno(-all_errnos[i]);

		/*
		 * STOPPED_ON_SYMLINK has warning severity but is sent as a
		 * failure, with an ERROR body carrying the link ([MS-SMB2]
		 * 2.2.2.2.1).
		 */
		if (st.v == STATUS_STOPPED_ON_SYMLINK)
			continue;
		if (!tsmb_st_is_error(st))
			fail_msg("-errno %d maps to 0x%08x, which is not an error severity",
				 all_errnos[i], st.v);
	}
}

static void test_unmapped(void **state)
{
	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	assert_int_equal(tsmb_status_from_errno(-TSMB_EPROTO).v, STATUS_UNSUCCESSFUL);
	assert_int_equal(tsmb_status_from_errno(-4095).v, STATUS_UNSUCCESSFUL);
	assert_int_equal(tsmb_status_from_errno(-2147483647).v, STATUS_UNSUCCESSFUL);
	assert_int_equal(tsmb_status_from_errno(2147483647).v, STATUS_UNSUCCESSFUL);
}

static void test_severity_macros(void **state)
{
	assert_true(tsmb_st_is_error(TSMB_ST(STATUS_INVALID_PARAMETER)));
	assert_false(tsmb_st_is_error(TSMB_ST(STATUS_SUCCESS)));
	assert_false(tsmb_st_is_error(TSMB_ST(STATUS_PENDING)));
	assert_false(tsmb_st_is_error(TSMB_ST(STATUS_BUFFER_OVERFLOW)));
	assert_false(tsmb_st_is_error(TSMB_ST(STATUS_OBJECT_NAME_EXISTS)));
	assert_true(tsmb_st_eq(TSMB_ST(0xC0000001u), TSMB_ST(STATUS_UNSUCCESSFUL)));
	assert_false(tsmb_st_ok(TSMB_ST(STATUS_PENDING)));
}

static void test_names(void **state)
{
	const char *unknown;

	assert_string_equal(tsmb_status_name(TSMB_ST(STATUS_SUCCESS)), "STATUS_SUCCESS");
	assert_string_equal(tsmb_status_name(TSMB_ST(STATUS_INVALID_PARAMETER)),
			    "STATUS_INVALID_PARAMETER");
	assert_string_equal(tsmb_status_name(TSMB_ST(STATUS_USER_SESSION_DELETED)),
			    "STATUS_USER_SESSION_DELETED");
	unknown = tsmb_status_name(TSMB_ST(0xC0DEC0DEu));
	assert_non_null(unknown);
	/* never a real status's name for a code that has none */
	assert_int_not_equal(strncmp(unknown, "STATUS_", 7), 0);
}

/* Runs fn with stderr (where the posix log writes) captured into buf. */
static size_t capture_stderr(void (*fn)(void *), void *arg, char *buf, size_t cap)
{
	FILE *tmp = tmpfile();
	int saved, n;

	assert_non_null(tmp);
	fflush(stderr);
	saved = dup(2);
	assert_true(saved >= 0);
	assert_true(dup2(fileno(tmp), 2) >= 0);
	fn(arg);
	fflush(stderr);
	assert_true(dup2(saved, 2) >= 0);
	close(saved);
	rewind(tmp);
	n = (int)fread(buf, 1, cap - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
	return (size_t)n;
}

static int err_line;
static struct tsmb_status err_result;

static void make_err(void *arg)
{
	err_line = __LINE__ + 1;
	err_result = TSMB_ERR(STATUS_INVALID_PARAMETER);
}

static void test_err_logs_where_born(void **state)
{
	char buf[4096], where[64];

	tsmb_posix_log_set_level(TSMB_LOG_DEBUG);
	capture_stderr(make_err, NULL, buf, sizeof(buf));
	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	assert_int_equal(err_result.v, STATUS_INVALID_PARAMETER);
	snprintf(where, sizeof(where), "test_status.c:%d", err_line);
	if (!strstr(buf, where))
		fail_msg("debug log lacks \"%s\": \"%s\"", where, buf);
	assert_non_null(strstr(buf, "STATUS_INVALID_PARAMETER"));
	assert_non_null(strstr(buf, "0xc000000d"));
}

static void test_err_quiet_below_debug(void **state)
{
	char buf[4096];

	tsmb_posix_log_set_level(TSMB_LOG_INFO);
	assert_int_equal(capture_stderr(make_err, NULL, buf, sizeof(buf)), 0);
	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	assert_int_equal(err_result.v, STATUS_INVALID_PARAMETER);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_zero_is_success),
		cmocka_unit_test(test_table),
		cmocka_unit_test(test_every_errno_is_an_error),
		cmocka_unit_test(test_unmapped),
		cmocka_unit_test(test_severity_macros),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_err_logs_where_born),
		cmocka_unit_test(test_err_quiet_below_debug),
	};

	tsmb_posix_log_set_level(TSMB_LOG_ERR);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
