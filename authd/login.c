// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The login service: SPNEGO around NTLMSSP, the user database, the Unix
 * identity, guest and anonymous policy, and the failure log.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <talloc.h>

#include "authd/login.h"
#include "authd/ntlmssp.h"
#include "authd/spnego.h"

struct authd_leg {
	struct authd_leg *next;
	uint64_t handle;
	time_t last;			/* CLOCK_MONOTONIC seconds */
	bool spnego;			/* replies wrapped in NegTokenResp */
	bool mic_required;		/* NTLMSSP was not the optimistic mech */
	uint8_t *mech_types;		/* the client's MechTypeList, for mechListMIC */
	size_t mech_types_len;
	struct authd_ntlmssp *ntlm;
};

struct authd {
	struct authd_config cfg;	/* strings copied under the struct */
	struct authd_ntlmssp_names names;
	uint8_t *init2;
	size_t init2_len;
	pthread_mutex_t lock;
	struct authd_leg *legs;
	unsigned int nr_legs;
	/* The database, re-read when the file changes. */
	struct authd_userdb *db;
	struct stat db_st;
	bool db_warned;
};

static void authd_logf(struct authd *a, int level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void authd_logf(struct authd *a, int level, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!a->cfg.log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	a->cfg.log(a->cfg.log_arg, level, msg);
}

static char *lower_dup(void *mem_ctx, const char *s)
{
	char *d = talloc_strdup(mem_ctx, s), *p;

	for (p = d; p && *p; p++)
		*p = (char)tolower((unsigned char)*p);
	return d;
}

static int authd_destructor(struct authd *a)
{
	pthread_mutex_destroy(&a->lock);
	return 0;
}

struct authd *authd_new(void *mem_ctx, const struct authd_config *cfg)
{
	struct authd *a;

	if (!cfg->netbios_name || !cfg->domain || !cfg->userdb_path)
		return NULL;
	a = talloc_zero(mem_ctx, struct authd);
	if (!a)
		return NULL;
	a->cfg = *cfg;
	a->cfg.netbios_name = talloc_strdup(a, cfg->netbios_name);
	a->cfg.domain = talloc_strdup(a, cfg->domain);
	a->cfg.userdb_path = talloc_strdup(a, cfg->userdb_path);
	a->cfg.guest_account = talloc_strdup(a, cfg->guest_account ? cfg->guest_account : "");
	a->cfg.dns_computer = cfg->dns_computer ? talloc_strdup(a, cfg->dns_computer) :
						  lower_dup(a, cfg->netbios_name);
	a->cfg.dns_domain = cfg->dns_domain ? talloc_strdup(a, cfg->dns_domain) :
					      lower_dup(a, cfg->domain);
	a->init2 = authd_spnego_init2(a, &a->init2_len);
	if (!a->cfg.netbios_name || !a->cfg.domain || !a->cfg.userdb_path ||
	    !a->cfg.guest_account || !a->cfg.dns_computer || !a->cfg.dns_domain || !a->init2 ||
	    pthread_mutex_init(&a->lock, NULL)) {
		talloc_free(a);
		return NULL;
	}
	talloc_set_destructor(a, authd_destructor);
	a->names.nb_computer = a->cfg.netbios_name;
	a->names.nb_domain = a->cfg.domain;
	a->names.dns_computer = a->cfg.dns_computer;
	a->names.dns_domain = a->cfg.dns_domain;
	return a;
}

void authd_free(struct authd *a)
{
	talloc_free(a);
}

const uint8_t *authd_negotiate_blob(struct authd *a, size_t *len)
{
	*len = a->init2_len;
	return a->init2;
}

void authd_result_free(struct authd_result *out)
{
	TALLOC_FREE(out->mem);
	memset(out, 0, sizeof(*out));
}

static time_t mono_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec;
}

static uint64_t filetime_now(struct authd *a)
{
	struct timespec ts;

	if (a->cfg.now)
		return a->cfg.now(a->cfg.hook_arg);
	clock_gettime(CLOCK_REALTIME, &ts);
	return ((uint64_t)ts.tv_sec + 11644473600ull) * 10000000ull +
	       (uint64_t)ts.tv_nsec / 100;
}

static int get_random(struct authd *a, uint8_t *buf, size_t len)
{
	if (a->cfg.random)
		return a->cfg.random(a->cfg.hook_arg, buf, len);
	return authd_random(buf, len);
}

static void leg_drop(struct authd *a, struct authd_leg *leg)
{
	struct authd_leg **pp;

	for (pp = &a->legs; *pp; pp = &(*pp)->next) {
		if (*pp == leg) {
			*pp = leg->next;
			a->nr_legs--;
			talloc_free(leg);
			return;
		}
	}
}

/* Finds handle's exchange, dropping any that went quiet on the way. */
static struct authd_leg *leg_find(struct authd *a, uint64_t handle)
{
	struct authd_leg **pp = &a->legs, *found = NULL;
	time_t now = mono_now();

	while (*pp) {
		struct authd_leg *l = *pp;

		if (now - l->last > AUTHD_LEG_TIMEOUT) {
			*pp = l->next;
			a->nr_legs--;
			talloc_free(l);
			continue;
		}
		if (l->handle == handle)
			found = l;
		pp = &l->next;
	}
	return found;
}

void authd_logoff(struct authd *a, uint64_t handle)
{
	struct authd_leg *leg;

	pthread_mutex_lock(&a->lock);
	leg = leg_find(a, handle);
	if (leg)
		leg_drop(a, leg);
	pthread_mutex_unlock(&a->lock);
}

unsigned int authd_pending(struct authd *a)
{
	unsigned int n;

	pthread_mutex_lock(&a->lock);
	leg_find(a, 0);
	n = a->nr_legs;
	pthread_mutex_unlock(&a->lock);
	return n;
}

/* The database as of now: re-read when the file changed, kept when it is unreadable. */
static struct authd_userdb *current_db(struct authd *a)
{
	struct authd_userdb *db;
	struct stat st = { 0 };
	char err[512];

	/* ctime too: a chmod that makes the file readable by others must be seen. */
	if (stat(a->cfg.userdb_path, &st) == 0 && a->db && st.st_ino == a->db_st.st_ino &&
	    st.st_size == a->db_st.st_size && st.st_mtim.tv_sec == a->db_st.st_mtim.tv_sec &&
	    st.st_mtim.tv_nsec == a->db_st.st_mtim.tv_nsec &&
	    st.st_ctim.tv_sec == a->db_st.st_ctim.tv_sec &&
	    st.st_ctim.tv_nsec == a->db_st.st_ctim.tv_nsec)
		return a->db;
	if (authd_userdb_load(a, a->cfg.userdb_path, &db, err, sizeof(err)) == 0) {
		talloc_free(a->db);
		a->db = db;
		a->db_st = st;
		a->db_warned = false;
		return db;
	}
	/* A refused or broken file must not let anyone in: forget the old copy too. */
	if (!a->db_warned)
		authd_logf(a, AUTHD_LOG_ERR, "user database: %s", err);
	a->db_warned = true;
	TALLOC_FREE(a->db);
	return NULL;
}

static int lookup_hash(void *arg, const char *user, uint8_t nt_hash[16], const char **why)
{
	struct authd *a = arg;
	struct authd_userdb *db = current_db(a);
	struct authd_userdb_entry *e = db ? authd_userdb_find(db, user) : NULL;

	if (!e)
		return -ENOENT;
	if (!e->enabled) {
		*why = "account disabled";
		return -EACCES;
	}
	memcpy(nt_hash, e->nt_hash, 16);
	return 0;
}

static int unix_lookup(struct authd *a, void *mem_ctx, const char *name,
		       struct authd_unix_id *id)
{
	if (a->cfg.unix_lookup)
		return a->cfg.unix_lookup(a->cfg.hook_arg, mem_ctx, name, id);
	return authd_unix_lookup(mem_ctx, name, id);
}

static void set_identity(struct authd_result *out, const struct authd_unix_id *id)
{
	out->uid = id->uid;
	out->gid = id->gid;
	out->gids = id->gids;
	out->ngids = id->ngids;
}

/* Guest or anonymous: the guest account's identity, if policy allows it. */
static int as_guest(struct authd *a, struct authd_result *out, const char *what)
{
	struct authd_unix_id id;

	if (!a->cfg.guest_account[0]) {
		authd_logf(a, AUTHD_LOG_NOTICE, "login refused: %s, and no guest account is set", what);
		return -1;
	}
	if (unix_lookup(a, out->mem, a->cfg.guest_account, &id)) {
		authd_logf(a, AUTHD_LOG_ERR, "login refused: %s, but guest account '%s' has no "
		      "local Unix account", what, a->cfg.guest_account);
		return -1;
	}
	set_identity(out, &id);
	return 0;
}

static void log_failure(struct authd *a, const struct authd_ntlmssp *n, const char *why)
{
	authd_logf(a, AUTHD_LOG_NOTICE, "login failed for user '%s' domain '%s' from '%s': %s",
	      n->user ? n->user : "", n->domain ? n->domain : "",
	      n->workstation ? n->workstation : "", why);
}

/* The verdict of a verified AUTHENTICATE as policy sees it: 0 to let the client in. */
static int decide(struct authd *a, struct authd_ntlmssp *n, struct authd_result *out)
{
	struct authd_userdb_entry *e;
	struct authd_unix_id id;

	switch (n->outcome) {
	case AUTHD_NTLMSSP_OK:
		e = a->db ? authd_userdb_find(a->db, n->user) : NULL;
		out->user = talloc_strdup(out->mem, e ? e->name : n->user);
		if (!out->user)
			return -1;
		if (unix_lookup(a, out->mem, out->user, &id)) {
			log_failure(a, n, "no local Unix account of that name");
			return -1;
		}
		set_identity(out, &id);
		out->have_session_key = true;
		return 0;
	case AUTHD_NTLMSSP_ANONYMOUS:
		if (!a->cfg.anonymous_ok) {
			log_failure(a, n, "anonymous logon not allowed");
			return -1;
		}
		out->is_anonymous = true;
		return as_guest(a, out, "anonymous logon");
	case AUTHD_NTLMSSP_UNKNOWN_USER:
		if (a->cfg.map_to_guest != AUTHD_MAP_TO_GUEST_BAD_USER || !a->cfg.guest_ok) {
			log_failure(a, n, "unknown user");
			return -1;
		}
		out->is_guest = true;
		authd_logf(a, AUTHD_LOG_INFO, "unknown user '%s' mapped to guest", n->user);
		return as_guest(a, out, "unknown user mapped to guest");
	default:
		log_failure(a, n, n->why ? n->why : "denied");
		return -1;
	}
}

/* SPNEGO's mechListMIC (RFC 4178 5): check the client's, sign ours. */
static int mech_list_mic(struct authd *a, struct authd_leg *leg,
			 const struct authd_spnego_in *in, struct authd_result *out,
			 uint8_t mic[AUTHD_NTLMSSP_SIG_LEN], bool *have_mic)
{
	*have_mic = false;
	if (!in->mic) {
		if (leg->mic_required && out->have_session_key) {
			log_failure(a, leg->ntlm, "mechListMIC required but missing");
			return -1;
		}
		return 0;
	}
	if (!out->have_session_key && !out->is_anonymous)
		return 0;	/* a guest has no key to sign with */
	if (authd_ntlmssp_check(leg->ntlm, leg->mech_types, leg->mech_types_len, in->mic,
				in->mic_len)) {
		log_failure(a, leg->ntlm, "mechListMIC mismatch");
		return -1;
	}
	if (authd_ntlmssp_sign(leg->ntlm, leg->mech_types, leg->mech_types_len, mic))
		return -1;
	*have_mic = true;
	return 0;
}

static uint32_t finish(struct authd *a, struct authd_leg *leg, const struct authd_spnego_in *in,
		       struct authd_result *out)
{
	struct authd_ntlmssp *n = leg->ntlm;
	uint8_t mic[AUTHD_NTLMSSP_SIG_LEN];
	bool have_mic = false;

	out->domain = talloc_strdup(out->mem, n->domain);
	if (!out->domain)
		return AUTHD_STATUS_NO_MEMORY;
	if (decide(a, n, out) || (leg->spnego && mech_list_mic(a, leg, in, out, mic, &have_mic)))
		return AUTHD_STATUS_LOGON_FAILURE;
	if (!out->user)
		out->user = talloc_strdup(out->mem, out->is_anonymous ? "" : a->cfg.guest_account);
	if (!out->user)
		return AUTHD_STATUS_NO_MEMORY;
	if (out->have_session_key || out->is_anonymous)
		memcpy(out->session_key, n->session_key, 16);
	if (leg->spnego) {
		out->blob = authd_spnego_resp(out->mem, AUTHD_SPNEGO_ACCEPT_COMPLETED, false, NULL,
					      0, have_mic ? mic : NULL, sizeof(mic),
					      &out->blob_len);
		if (!out->blob)
			return AUTHD_STATUS_NO_MEMORY;
	}
	authd_logf(a, AUTHD_LOG_INFO, "login: user '%s'%s%s from '%s'", out->user,
	      out->is_guest ? " (guest)" : "", out->is_anonymous ? " (anonymous)" : "",
	      n->workstation);
	return AUTHD_STATUS_SUCCESS;
}

/* Wraps an NTLMSSP reply as this exchange expects it. */
static uint32_t reply(struct authd_leg *leg, struct authd_result *out, const uint8_t *tok,
		      size_t len, bool first)
{
	if (!leg->spnego) {
		out->blob = tok ? talloc_memdup(out->mem, tok, len) : NULL;
		out->blob_len = len;
		return tok && !out->blob ? AUTHD_STATUS_NO_MEMORY : AUTHD_STATUS_SUCCESS;
	}
	out->blob = authd_spnego_resp(out->mem, AUTHD_SPNEGO_ACCEPT_INCOMPLETE, first, tok, len,
				      NULL, 0, &out->blob_len);
	return out->blob ? AUTHD_STATUS_SUCCESS : AUTHD_STATUS_NO_MEMORY;
}

static uint32_t do_negotiate(struct authd *a, struct authd_leg *leg, const uint8_t *tok,
			     size_t len, struct authd_result *out, bool first)
{
	uint8_t chal[8], *msg = NULL;
	size_t mlen = 0;
	uint32_t st;

	if (get_random(a, chal, sizeof(chal)))
		return AUTHD_STATUS_INTERNAL_ERROR;
	st = authd_ntlmssp_negotiate(leg->ntlm, tok, len, &a->names, chal, filetime_now(a),
				     out->mem, &msg, &mlen);
	if (st != AUTHD_STATUS_SUCCESS)
		return st;
	st = reply(leg, out, msg, mlen, first);
	return st == AUTHD_STATUS_SUCCESS ? AUTHD_STATUS_MORE_PROCESSING_REQUIRED : st;
}

static struct authd_leg *leg_new(struct authd *a, uint64_t handle,
				 const struct authd_spnego_in *in)
{
	struct authd_leg *leg = talloc_zero(a, struct authd_leg);

	if (!leg)
		return NULL;
	leg->handle = handle;
	leg->last = mono_now();
	leg->spnego = in->kind != AUTHD_SPNEGO_RAW_NTLMSSP;
	leg->ntlm = authd_ntlmssp_new(leg);
	if (in->mech_types)
		leg->mech_types = talloc_memdup(leg, in->mech_types, in->mech_types_len);
	if (!leg->ntlm || (in->mech_types && !leg->mech_types)) {
		talloc_free(leg);
		return NULL;
	}
	leg->mech_types_len = in->mech_types_len;
	leg->next = a->legs;
	a->legs = leg;
	a->nr_legs++;
	return leg;
}

/* The first leg: NegTokenInit or raw NTLMSSP NEGOTIATE. */
static uint32_t first_leg(struct authd *a, uint64_t handle, const struct authd_spnego_in *in,
			  struct authd_result *out)
{
	struct authd_leg *leg;

	if (in->kind == AUTHD_SPNEGO_RESP)
		return AUTHD_STATUS_INVALID_PARAMETER;
	if (!in->ntlmssp_offered) {
		authd_logf(a, AUTHD_LOG_NOTICE, "login failed: the client offers no mechanism "
		      "tsmb supports (NTLMSSP)");
		out->blob = authd_spnego_resp(out->mem, AUTHD_SPNEGO_REJECT, false, NULL, 0,
					      NULL, 0, &out->blob_len);
		return AUTHD_STATUS_LOGON_FAILURE;
	}
	if (a->nr_legs >= AUTHD_MAX_PENDING) {
		authd_logf(a, AUTHD_LOG_WARNING, "login refused: %u session setups in progress",
		      a->nr_legs);
		return AUTHD_STATUS_INSUFFICIENT_RESOURCES;
	}
	leg = leg_new(a, handle, in);
	if (!leg)
		return AUTHD_STATUS_NO_MEMORY;
	if (in->ntlmssp_first && in->token)
		return do_negotiate(a, leg, in->token, in->token_len, out, true);
	/* The optimistic token (if any) is for another mechanism: ask for NTLMSSP's. */
	leg->mic_required = true;
	return reply(leg, out, NULL, 0, true) == AUTHD_STATUS_SUCCESS ?
	       AUTHD_STATUS_MORE_PROCESSING_REQUIRED : AUTHD_STATUS_NO_MEMORY;
}

static uint32_t next_leg(struct authd *a, struct authd_leg *leg, const struct authd_spnego_in *in,
			 struct authd_result *out)
{
	uint32_t st;

	if (leg->spnego != (in->kind == AUTHD_SPNEGO_RESP) || !in->token)
		return AUTHD_STATUS_INVALID_PARAMETER;
	leg->last = mono_now();
	if (leg->ntlm->stage == 0)
		return do_negotiate(a, leg, in->token, in->token_len, out, false);
	st = authd_ntlmssp_authenticate(leg->ntlm, in->token, in->token_len, &a->names,
					lookup_hash, a);
	if (st != AUTHD_STATUS_SUCCESS)
		return st;
	return finish(a, leg, in, out);
}

static uint32_t login_locked(struct authd *a, uint64_t handle, const uint8_t *blob, size_t len,
			     struct authd_result *out)
{
	struct authd_leg *leg = leg_find(a, handle);
	struct authd_spnego_in in;
	uint32_t st;

	if (!leg && len == 0) {
		/* No blob at all: offer the mechanisms, as the NEGOTIATE response does. */
		out->blob = talloc_memdup(out->mem, a->init2, a->init2_len);
		out->blob_len = a->init2_len;
		return out->blob ? AUTHD_STATUS_MORE_PROCESSING_REQUIRED : AUTHD_STATUS_NO_MEMORY;
	}
	if (authd_spnego_parse(blob, len, &in)) {
		authd_logf(a, AUTHD_LOG_NOTICE, "login failed: malformed security blob (%zu bytes)",
		      len);
		st = AUTHD_STATUS_INVALID_PARAMETER;
	} else if (!leg) {
		st = first_leg(a, handle, &in, out);
		if (st == AUTHD_STATUS_MORE_PROCESSING_REQUIRED)
			return st;
		leg = leg_find(a, handle);
	} else {
		st = next_leg(a, leg, &in, out);
		if (st == AUTHD_STATUS_MORE_PROCESSING_REQUIRED)
			return st;
	}
	if (st == AUTHD_STATUS_INVALID_PARAMETER && leg && leg->ntlm->stage)
		authd_logf(a, AUTHD_LOG_NOTICE, "login failed: malformed NTLMSSP message");
	if (leg)
		leg_drop(a, leg);
	return st;
}

uint32_t authd_login(struct authd *a, uint64_t handle, const uint8_t *blob, size_t len,
		     struct authd_result *out)
{
	uint32_t st;

	memset(out, 0, sizeof(*out));
	out->uid = (uid_t)-1;
	out->gid = (gid_t)-1;
	out->mem = talloc_new(NULL);
	if (!out->mem) {
		out->status = AUTHD_STATUS_NO_MEMORY;
		return out->status;
	}
	pthread_mutex_lock(&a->lock);
	st = login_locked(a, handle, blob, len, out);
	pthread_mutex_unlock(&a->lock);
	if (st != AUTHD_STATUS_SUCCESS && st != AUTHD_STATUS_MORE_PROCESSING_REQUIRED) {
		/* Nothing of a failed login may look usable. */
		void *mem = out->mem;
		uint8_t *blob_keep = st == AUTHD_STATUS_LOGON_FAILURE ? out->blob : NULL;
		size_t blen = blob_keep ? out->blob_len : 0;

		memset(out, 0, sizeof(*out));
		out->mem = mem;
		out->blob = blob_keep;
		out->blob_len = blen;
		out->uid = (uid_t)-1;
		out->gid = (gid_t)-1;
	}
	out->status = st;
	return st;
}
