// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * abstraction/posix/upcall.c: the in-process up-call channel, driven with
 * a fake service built on the real codec (core/upcall/msg.c), as tsmbd's
 * services will be: call and answer, a service too slow for the caller
 * (its late answer must land nowhere the caller owns: run under ASan),
 * no service, a misbehaving service, and many callers at once.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <time.h>

#include <cmocka.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/upcall.h>

#include "core/lib/status.h"
#include "core/upcall/msg.h"
#include "host.h"

/* What the fake service does; set by each test before its calls. */
struct fake {
	unsigned int sleep_ms;		/* before answering */
	int result;			/* returned instead of answering, if < 0 */
	bool overclaim;			/* report more bytes than cap */
	bool fill_cap;			/* scribble over the whole reply buffer */
	size_t seen_cap;
	pthread_mutex_t lock;
	unsigned int calls;		/* handler runs begun */
	unsigned int finished;		/* handler runs ended */
};

static void sleep_ms(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts))
		;
}

static uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/*
 * The fake authd: answers a LOGIN with a LOGON_FAILURE whose user name is
 * the request's blob, so that each caller can tell its own answer; any
 * other message with NOT_SUPPORTED.
 */
static int fake_service(void *ctx, const uint8_t *req, size_t len, uint8_t *rsp, size_t cap,
			size_t *rsp_len)
{
	struct fake *f = ctx;
	struct tsmb_upcall_msg m;
	struct tsmb_upcall_enc e;
	const uint8_t *blob = NULL;
	size_t blob_len = 0;
	int err;

	pthread_mutex_lock(&f->lock);
	f->calls++;
	f->seen_cap = cap;
	pthread_mutex_unlock(&f->lock);
	if (f->sleep_ms)
		sleep_ms(f->sleep_ms);
	if (f->fill_cap)
		memset(rsp, 0xA5, cap);
	err = tsmb_upcall_decode(req, len, &m);
	if (!err && f->result >= 0) {
		(void)tsmb_upcall_get_bytes(&m, TSMB_UPCALL_A_SEC_BLOB, &blob, &blob_len);
		tsmb_upcall_enc_begin(&e, rsp, cap, m.type, TSMB_UPCALL_F_REPLY, m.req_id,
				      m.handle);
		tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_STATUS,
				    blob ? STATUS_LOGON_FAILURE : STATUS_NOT_SUPPORTED);
		if (blob)
			tsmb_upcall_put_str(&e, TSMB_UPCALL_A_USER, (const char *)blob, blob_len);
		err = tsmb_upcall_enc_end(&e, rsp_len);
	}
	if (f->result < 0)
		err = f->result;
	else if (f->result > 0)
		err = f->result;
	if (!err && f->overclaim)
		*rsp_len = cap + 1;
	pthread_mutex_lock(&f->lock);
	f->finished++;
	pthread_mutex_unlock(&f->lock);
	return err;
}

struct env {
	struct tsmb_os_upcall *ch;
	struct fake f;
};

static int setup(void **state)
{
	struct env *env = calloc(1, sizeof(*env));

	if (!env)
		return -1;
	pthread_mutex_init(&env->f.lock, NULL);
	if (tsmb_os_upcall_create(&env->ch)) {
		free(env);
		return -1;
	}
	*state = env;
	return 0;
}

static int teardown(void **state)
{
	struct env *env = *state;

	tsmb_os_upcall_destroy(env->ch);
	pthread_mutex_destroy(&env->f.lock);
	free(env);
	return 0;
}

/* A LOGIN request whose blob is name; its length. */
static size_t login_req(uint8_t *buf, size_t cap, uint64_t id, const char *name)
{
	static const struct tsmb_upcall_addr a = { .family = 2, .addr = { 127, 0, 0, 1 } };
	struct tsmb_upcall_enc e;
	size_t len = 0;

	tsmb_upcall_enc_begin(&e, buf, cap, TSMB_UPCALL_LOGIN, 0, id, id * 3);
	tsmb_upcall_put_bytes(&e, TSMB_UPCALL_A_SEC_BLOB, name, strlen(name));
	tsmb_upcall_put_addr(&e, TSMB_UPCALL_A_CLIENT_ADDR, &a);
	tsmb_upcall_put_u32(&e, TSMB_UPCALL_A_DIALECT, 0x0311);
	assert_int_equal(tsmb_upcall_enc_end(&e, &len), 0);
	return len;
}

/* Checks that rsp answers login_req(id, name). */
static void check_answer(const uint8_t *rsp, size_t len, uint64_t id, const char *name)
{
	struct tsmb_upcall_msg m;
	const char *s;
	size_t n;

	assert_int_equal(tsmb_upcall_decode_reply(rsp, len, TSMB_UPCALL_LOGIN, id, id * 3, &m), 0);
	assert_int_equal(tsmb_upcall_status(&m), STATUS_LOGON_FAILURE);
	assert_int_equal(tsmb_upcall_get_str(&m, TSMB_UPCALL_A_USER, &s, &n), 0);
	assert_int_equal(n, strlen(name));
	assert_memory_equal(s, name, n);
}

static void test_call_answer(void **state)
{
	struct env *env = *state;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len = 0;

	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	len = login_req(req, sizeof(req), 1, "alice");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000), 0);
	check_answer(rsp, rsp_len, 1, "alice");
	/* The service saw the caller's capacity. */
	assert_int_equal(env->f.seen_cap, sizeof(rsp));
	/* And again on the same channel. */
	len = login_req(req, sizeof(req), 2, "bob");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000), 0);
	check_answer(rsp, rsp_len, 2, "bob");
}

static void test_no_service(void **state)
{
	struct env *env = *state;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len = 0;

	len = login_req(req, sizeof(req), 1, "alice");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 100),
			 -TSMB_ENOTCONN);
	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 100), 0);
	tsmb_posix_upcall_set_handler(env->ch, NULL, NULL);
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 100),
			 -TSMB_ENOTCONN);
}

static void test_bad_arguments(void **state)
{
	struct env *env = *state;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len = 0;

	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	len = login_req(req, sizeof(req), 1, "alice");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 0),
			 -TSMB_EINVAL);
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, 0, rsp, sizeof(rsp), &rsp_len, 100),
			 -TSMB_EINVAL);
	assert_int_equal(env->f.calls, 0);
}

/*
 * The service answers after the caller gave up: the caller's reply buffer
 * is freed at once, and the service then scribbles over all of the
 * capacity it was given. ASan reports a write to the freed buffer, if the
 * channel let one through.
 */
static void test_timeout(void **state)
{
	struct env *env = *state;
	uint8_t req[256];
	uint8_t *rsp = malloc(512);
	size_t len, rsp_len = 0;
	uint64_t t0, waited;

	assert_non_null(rsp);
	env->f.sleep_ms = 1500;
	env->f.fill_cap = true;
	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	len = login_req(req, sizeof(req), 1, "slow");
	t0 = now_ms();
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, 512, &rsp_len, 50),
			 -TSMB_ETIMEDOUT);
	waited = now_ms() - t0;
	assert_true(waited >= 45 && waited < 1000);
	free(rsp);
	memset(req, 0, sizeof(req));	/* the request was copied */
	assert_int_equal(env->f.finished, 0);
	/* Unregistering waits for the late run, so the ctx may go after it. */
	tsmb_posix_upcall_set_handler(env->ch, NULL, NULL);
	assert_int_equal(env->f.finished, 1);

	/* The channel still works afterwards. */
	env->f.sleep_ms = 0;
	env->f.fill_cap = false;
	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	rsp = malloc(512);
	assert_non_null(rsp);
	len = login_req(req, sizeof(req), 9, "fast");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, 512, &rsp_len, 1000), 0);
	check_answer(rsp, rsp_len, 9, "fast");
	free(rsp);
}

/* A late answer left running when the channel is destroyed. */
static void test_destroy_with_late_answer(void **state)
{
	struct env *env = *state;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len = 0;

	env->f.sleep_ms = 200;
	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	len = login_req(req, sizeof(req), 1, "late");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 20),
			 -TSMB_ETIMEDOUT);
	/* teardown destroys the channel while the handler still sleeps. */
}

static unsigned int calls(struct fake *f)
{
	unsigned int n;

	pthread_mutex_lock(&f->lock);
	n = f->calls;
	pthread_mutex_unlock(&f->lock);
	return n;
}

struct slow_caller {
	struct env *env;
	uint64_t id;
	int result;
};

static void *slow_call(void *arg)
{
	struct slow_caller *c = arg;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len;

	len = login_req(req, sizeof(req), c->id, "busy");
	c->result = tsmb_os_upcall_call(c->env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 2000);
	return NULL;
}

/*
 * Every service thread busy: a further call times out while still queued,
 * and is taken off the queue, so the service never sees it.
 */
static void test_timeout_while_queued(void **state)
{
	struct env *env = *state;
	struct slow_caller callers[4];
	pthread_t tids[4];
	uint8_t req[256], rsp[256];
	size_t len, rsp_len;
	unsigned int i;

	env->f.sleep_ms = 1000;
	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	for (i = 0; i < 4; i++) {
		callers[i] = (struct slow_caller){ env, 100 + i, 1 };
		assert_int_equal(pthread_create(&tids[i], NULL, slow_call, &callers[i]), 0);
	}
	/* Until all four service threads are inside the handler. */
	for (i = 0; i < 500 && calls(&env->f) < 4; i++)
		sleep_ms(10);
	assert_int_equal(calls(&env->f), 4);
	len = login_req(req, sizeof(req), 1, "queued");
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 50),
			 -TSMB_ETIMEDOUT);
	for (i = 0; i < 4; i++) {
		pthread_join(tids[i], NULL);
		assert_int_equal(callers[i].result, 0);
	}
	sleep_ms(50);
	assert_int_equal(calls(&env->f), 4);
}

static void test_service_errors(void **state)
{
	struct env *env = *state;
	uint8_t req[256], rsp[256];
	size_t len, rsp_len = 0;

	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	len = login_req(req, sizeof(req), 1, "x");
	env->f.result = -TSMB_EACCES;
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000),
			 -TSMB_EACCES);
	/* Not an errno at all. */
	env->f.result = 5;
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000),
			 -TSMB_EPROTO);
	/* Claims more than it was given room for. */
	env->f.result = 0;
	env->f.overclaim = true;
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000),
			 -TSMB_EMSGSIZE);
	/* The reply does not fit the caller's buffer: the codec says so. */
	env->f.overclaim = false;
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, 40, &rsp_len, 1000),
			 -TSMB_EMSGSIZE);
	/* A request the service cannot decode. */
	req[0] ^= 0xFF;
	assert_int_equal(tsmb_os_upcall_call(env->ch, req, len, rsp, sizeof(rsp), &rsp_len, 1000),
			 -TSMB_EPROTO);
}

#define NR_CALLERS	8
#define NR_CALLS	200

struct caller {
	struct env *env;
	unsigned int idx;
	unsigned int ok;
	unsigned int timeouts;
	bool wrong;
};

static void *caller_fn(void *arg)
{
	struct caller *c = arg;
	uint8_t req[256], rsp[256];
	char name[32];
	size_t len, rsp_len;
	unsigned int i;
	int err;

	for (i = 0; i < NR_CALLS; i++) {
		uint64_t id = (uint64_t)c->idx << 32 | i;

		snprintf(name, sizeof(name), "c%u-%u", c->idx, i);
		len = login_req(req, sizeof(req), id, name);
		memset(rsp, 0, sizeof(rsp));
		/* Every third call gives up almost at once, to mix in late answers. */
		err = tsmb_os_upcall_call(c->env->ch, req, len, rsp, sizeof(rsp), &rsp_len,
					  i % 3 ? 5000 : 1);
		if (err == -TSMB_ETIMEDOUT) {
			c->timeouts++;
			continue;
		}
		if (err) {
			c->wrong = true;
			continue;
		}
		{
			struct tsmb_upcall_msg m;
			const char *s;
			size_t n;

			if (tsmb_upcall_decode_reply(rsp, rsp_len, TSMB_UPCALL_LOGIN, id, id * 3,
						     &m) ||
			    tsmb_upcall_get_str(&m, TSMB_UPCALL_A_USER, &s, &n) ||
			    n != strlen(name) || memcmp(s, name, n))
				c->wrong = true;
			else
				c->ok++;
		}
	}
	return NULL;
}

static void test_concurrent(void **state)
{
	struct env *env = *state;
	struct caller callers[NR_CALLERS];
	pthread_t tids[NR_CALLERS];
	unsigned int i, ok = 0;

	tsmb_posix_upcall_set_handler(env->ch, fake_service, &env->f);
	for (i = 0; i < NR_CALLERS; i++) {
		callers[i] = (struct caller){ .env = env, .idx = i };
		assert_int_equal(pthread_create(&tids[i], NULL, caller_fn, &callers[i]), 0);
	}
	for (i = 0; i < NR_CALLERS; i++) {
		pthread_join(tids[i], NULL);
		assert_false(callers[i].wrong);
		ok += callers[i].ok;
	}
	/* The calls with a real time-out all got their own answer. */
	assert_true(ok >= NR_CALLERS * (NR_CALLS - NR_CALLS / 3 - 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_call_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_service, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_arguments, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_destroy_with_late_answer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_timeout_while_queued, setup, teardown),
		cmocka_unit_test_setup_teardown(test_service_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_concurrent, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
