// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The up-call message codec (the ABI is described in msg.h and
 * docs/upcall.md).
 *
 * Two tables drive it: what each attribute may hold, and which attributes
 * each message type allows and requires in each direction. The decoder is
 * one flat loop over attributes; a CONFIG's SHARE attributes are checked
 * in a second pass by the same loop, so nesting never recurses.
 */
#include <tsmb/os/errno.h>
#include <tsmb/os/types.h>

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/upcall/msg.h"

enum tsmb_upcall_kind {
	TSMB_UK_NONE = 0,
	TSMB_UK_U32,		/* 4 bytes; max bounds the value when set */
	TSMB_UK_U64,		/* 8 bytes */
	TSMB_UK_BYTES,		/* min..max bytes */
	TSMB_UK_KEY,		/* 16 or 32 bytes */
	TSMB_UK_STR,		/* min..max bytes of UTF-8 without NUL */
	TSMB_UK_U32_ARRAY,	/* at most max entries */
	TSMB_UK_ADDR,		/* struct tsmb_upcall_addr */
	TSMB_UK_ADDR_ARRAY,	/* min..max of them */
	TSMB_UK_NESTED,		/* attributes; at most max bytes */
};

struct tsmb_upcall_attr_def {
	uint8_t kind;
	uint32_t min;
	uint32_t max;
};

#define TSMB_UPCALL_SHARE_SIZE_MAX	8192u

static const struct tsmb_upcall_attr_def tsmb_upcall_attrs[TSMB_UPCALL_A_MAX + 1] = {
	[TSMB_UPCALL_A_STATUS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_UID] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_GID] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_GIDS] = { TSMB_UK_U32_ARRAY, 0, TSMB_UPCALL_GIDS_MAX },
	[TSMB_UPCALL_A_USER] = { TSMB_UK_STR, 0, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_DOMAIN] = { TSMB_UK_STR, 0, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_CLIENT_ADDR] = { TSMB_UK_ADDR, 0, 0 },
	[TSMB_UPCALL_A_DIALECT] = { TSMB_UK_U32, 0, 0xFFFF },
	[TSMB_UPCALL_A_LOGIN_FLAGS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_SEC_BLOB] = { TSMB_UK_BYTES, 0, TSMB_UPCALL_BLOB_MAX },
	[TSMB_UPCALL_A_SESSION_KEY] = { TSMB_UK_KEY, 16, TSMB_UPCALL_KEY_MAX },
	[TSMB_UPCALL_A_SESSION_FLAGS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_SHARE_NAME] = { TSMB_UK_STR, 1, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_SHARE_FLAGS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_MAX_ACCESS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_PIPE_NAME] = { TSMB_UK_STR, 1, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_PIPE_ID] = { TSMB_UK_U64, 0, 0 },
	[TSMB_UPCALL_A_DATA] = { TSMB_UK_BYTES, 0, TSMB_UPCALL_DATA_MAX },
	[TSMB_UPCALL_A_MAX_OUT] = { TSMB_UK_U32, 0, TSMB_UPCALL_DATA_MAX },
	[TSMB_UPCALL_A_NETBIOS_NAME] = { TSMB_UK_STR, 1, 64 },
	[TSMB_UPCALL_A_WORKGROUP] = { TSMB_UK_STR, 1, 64 },
	[TSMB_UPCALL_A_SERVER_STRING] = { TSMB_UK_STR, 0, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_GLOBAL_FLAGS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_MAX_CONNECTIONS] = { TSMB_UK_U32, 0, 0 },
	[TSMB_UPCALL_A_SHARE] = { TSMB_UK_NESTED, 0, TSMB_UPCALL_SHARE_SIZE_MAX },
	[TSMB_UPCALL_A_SHARE_PATH] = { TSMB_UK_STR, 1, TSMB_UPCALL_PATH_MAX },
	[TSMB_UPCALL_A_SHARE_COMMENT] = { TSMB_UK_STR, 0, TSMB_UPCALL_NAME_MAX },
	[TSMB_UPCALL_A_LISTEN] = { TSMB_UK_ADDR_ARRAY, 1, TSMB_UPCALL_LISTEN_MAX },
	[TSMB_UPCALL_A_SERVER_GUID] = { TSMB_UK_BYTES, 16, 16 },
};

#define A(x) ((uint64_t)1 << TSMB_UPCALL_A_##x)
#define A_IDENTITY (A(UID) | A(GID) | A(GIDS) | A(USER) | A(DOMAIN))

/*
 * Per type and direction: allowed, required, and (replies) required too
 * when the status is STATUS_SUCCESS.
 */
struct tsmb_upcall_spec {
	const char *name;
	unsigned int timeout_ms;
	uint64_t req_allowed, req_required;
	uint64_t rsp_allowed, rsp_required, rsp_on_success;
};

static const struct tsmb_upcall_spec tsmb_upcall_specs[TSMB_UPCALL_TYPE_MAX + 1] = {
	[TSMB_UPCALL_LOGIN] = {
		"LOGIN", 10000,
		A(SEC_BLOB) | A(CLIENT_ADDR) | A(DIALECT) | A(LOGIN_FLAGS),
		A(SEC_BLOB) | A(CLIENT_ADDR) | A(DIALECT),
		A(STATUS) | A(SEC_BLOB) | A(SESSION_KEY) | A_IDENTITY | A(SESSION_FLAGS),
		A(STATUS), A(UID) | A(GID) | A(USER) | A(SESSION_FLAGS),
	},
	[TSMB_UPCALL_LOGOFF] = {
		"LOGOFF", 5000, 0, 0, A(STATUS), A(STATUS), 0,
	},
	[TSMB_UPCALL_TREE_CONNECT] = {
		"TREE_CONNECT", 5000,
		A_IDENTITY | A(SHARE_NAME) | A(CLIENT_ADDR) | A(SESSION_FLAGS),
		A(UID) | A(USER) | A(SHARE_NAME) | A(CLIENT_ADDR),
		A(STATUS) | A(SHARE_FLAGS) | A(MAX_ACCESS),
		A(STATUS), A(SHARE_FLAGS) | A(MAX_ACCESS),
	},
	[TSMB_UPCALL_RPC_OPEN] = {
		"RPC_OPEN", 10000,
		A_IDENTITY | A(PIPE_NAME) | A(CLIENT_ADDR) | A(SESSION_FLAGS),
		A(UID) | A(GID) | A(USER) | A(PIPE_NAME),
		A(STATUS) | A(PIPE_ID), A(STATUS), A(PIPE_ID),
	},
	[TSMB_UPCALL_RPC_WRITE] = {
		"RPC_WRITE", 10000, A(PIPE_ID) | A(DATA), A(PIPE_ID) | A(DATA),
		A(STATUS), A(STATUS), 0,
	},
	[TSMB_UPCALL_RPC_READ] = {
		"RPC_READ", 10000, A(PIPE_ID) | A(MAX_OUT), A(PIPE_ID) | A(MAX_OUT),
		A(STATUS) | A(DATA), A(STATUS), 0,
	},
	[TSMB_UPCALL_RPC_TRANSCEIVE] = {
		"RPC_TRANSCEIVE", 10000,
		A(PIPE_ID) | A(DATA) | A(MAX_OUT), A(PIPE_ID) | A(DATA) | A(MAX_OUT),
		A(STATUS) | A(DATA), A(STATUS), 0,
	},
	[TSMB_UPCALL_RPC_CLOSE] = {
		"RPC_CLOSE", 5000, A(PIPE_ID), A(PIPE_ID), A(STATUS), A(STATUS), 0,
	},
	[TSMB_UPCALL_CONFIG] = {
		"CONFIG", 10000,
		A(NETBIOS_NAME) | A(WORKGROUP) | A(SERVER_STRING) | A(GLOBAL_FLAGS) |
			A(MAX_CONNECTIONS) | A(SHARE) | A(LISTEN) | A(SERVER_GUID),
		A(NETBIOS_NAME) | A(WORKGROUP) | A(GLOBAL_FLAGS),
		A(STATUS), A(STATUS), 0,
	},
};

#define TSMB_UPCALL_SHARE_ALLOWED \
	(A(SHARE_NAME) | A(SHARE_PATH) | A(SHARE_COMMENT) | A(SHARE_FLAGS))
#define TSMB_UPCALL_SHARE_REQUIRED (A(SHARE_NAME) | A(SHARE_PATH) | A(SHARE_FLAGS))

static const struct tsmb_upcall_spec *tsmb_upcall_spec(uint16_t type)
{
	if (type == 0 || type > TSMB_UPCALL_TYPE_MAX)
		return NULL;
	return &tsmb_upcall_specs[type];
}

unsigned int tsmb_upcall_timeout_ms(uint16_t type)
{
	const struct tsmb_upcall_spec *s = tsmb_upcall_spec(type);

	return s ? s->timeout_ms : 5000;
}

const char *tsmb_upcall_type_name(uint16_t type)
{
	const struct tsmb_upcall_spec *s = tsmb_upcall_spec(type);

	return s ? s->name : "UNKNOWN";
}

/* Length of the UTF-8 sequence led by c, 0 for a byte that cannot lead one. */
static unsigned int tsmb_utf8_seq_len(uint8_t c)
{
	if (c < 0x80)
		return 1;
	if (c >= 0xC2 && c <= 0xDF)
		return 2;
	if (c >= 0xE0 && c <= 0xEF)
		return 3;
	if (c >= 0xF0 && c <= 0xF4)
		return 4;
	return 0;
}

/*
 * Strict UTF-8 (RFC 3629): no overlong forms, no surrogates, nothing past
 * U+10FFFF, and no NUL, because the receiver may hand the string to code
 * that stops at one and would then check a different name than it uses.
 */
static bool tsmb_utf8_ok(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned int k = tsmb_utf8_seq_len(s[i]);
		unsigned int j;
		uint8_t lo = 0x80, hi = 0xBF;

		if (s[i] == 0 || k == 0 || k > n - i)
			return false;
		/* The second byte's range rules out overlongs and surrogates. */
		if (s[i] == 0xE0)
			lo = 0xA0;
		else if (s[i] == 0xED)
			hi = 0x9F;
		else if (s[i] == 0xF0)
			lo = 0x90;
		else if (s[i] == 0xF4)
			hi = 0x8F;
		for (j = 1; j < k; j++) {
			uint8_t c = s[i + j];

			if (c < (j == 1 ? lo : 0x80) || c > (j == 1 ? hi : 0xBF))
				return false;
		}
		i += k;
	}
	return true;
}

static bool tsmb_upcall_addr_ok(const uint8_t *v)
{
	uint16_t family = tsmb_get_le16(v);

	return family == 2 || family == 10;
}

static bool tsmb_upcall_value_ok(const struct tsmb_upcall_attr_def *d, const uint8_t *v,
				 uint32_t len)
{
	uint32_t i;

	switch (d->kind) {
	case TSMB_UK_U32:
		return len == 4 && (!d->max || tsmb_get_le32(v) <= d->max);
	case TSMB_UK_U64:
		return len == 8;
	case TSMB_UK_BYTES:
		return len >= d->min && len <= d->max;
	case TSMB_UK_KEY:
		return len == 16 || len == 32;
	case TSMB_UK_STR:
		return len >= d->min && len <= d->max && tsmb_utf8_ok(v, len);
	case TSMB_UK_U32_ARRAY:
		return (len & 3) == 0 && (len >> 2) <= d->max;
	case TSMB_UK_ADDR:
		return len == TSMB_UPCALL_ADDR_SIZE && tsmb_upcall_addr_ok(v);
	case TSMB_UK_ADDR_ARRAY:
		if (len % TSMB_UPCALL_ADDR_SIZE || len / TSMB_UPCALL_ADDR_SIZE < d->min ||
		    len / TSMB_UPCALL_ADDR_SIZE > d->max)
			return false;
		for (i = 0; i < len; i += TSMB_UPCALL_ADDR_SIZE)
			if (!tsmb_upcall_addr_ok(v + i))
				return false;
		return true;
	case TSMB_UK_NESTED:
		return len <= d->max;
	default:
		return false;
	}
}

/* One attribute's header, as found at an offset. */
struct tsmb_upcall_ahdr {
	uint16_t type;
	uint16_t flags;
	uint32_t len;
	size_t val;	/* offset of the value */
	size_t next;	/* offset of the next attribute */
};

/*
 * Reads the attribute at off (< end). 0, or -TSMB_EBADMSG when it or its
 * padding runs past end or the padding is not zero.
 */
static int tsmb_upcall_ahdr_at(const uint8_t *buf, size_t off, size_t end,
			       struct tsmb_upcall_ahdr *h)
{
	size_t room, padded, i;

	if (end - off < TSMB_UPCALL_ATTR_HDR)
		return -TSMB_EBADMSG;
	h->type = tsmb_get_le16(buf + off);
	h->flags = tsmb_get_le16(buf + off + 2);
	h->len = tsmb_get_le32(buf + off + 4);
	h->val = off + TSMB_UPCALL_ATTR_HDR;
	room = end - h->val;
	if (h->len > room)
		return -TSMB_EBADMSG;
	padded = TSMB_ALIGN((size_t)h->len, (size_t)8);
	if (padded > room)
		return -TSMB_EBADMSG;
	for (i = h->len; i < padded; i++)
		if (buf[h->val + i])
			return -TSMB_EBADMSG;
	h->next = h->val + padded;
	return 0;
}

/*
 * Decodes the attributes in buf[off..end) into m, which the caller has
 * cleared. Only SHARE may repeat, and only where it is allowed (at the top
 * of a CONFIG); its contents are checked by tsmb_upcall_check_shares().
 */
static int tsmb_upcall_parse(const uint8_t *buf, size_t off, size_t end, uint64_t allowed,
			     uint64_t required, struct tsmb_upcall_msg *m)
{
	struct tsmb_upcall_ahdr h;
	uint64_t bit;
	int err;

	while (off < end) {
		err = tsmb_upcall_ahdr_at(buf, off, end, &h);
		if (err)
			return err;
		off = h.next;
		if (h.flags & ~TSMB_UPCALL_AF_CRITICAL)
			return -TSMB_EPROTO;
		if (h.type == 0 || h.type > TSMB_UPCALL_A_MAX ||
		    !(allowed & ((uint64_t)1 << h.type))) {
			/* Newer peers may add attributes; older ones skip them. */
			if (h.flags & TSMB_UPCALL_AF_CRITICAL)
				return -TSMB_EPROTO;
			continue;
		}
		bit = (uint64_t)1 << h.type;
		if (h.type == TSMB_UPCALL_A_SHARE && (m->present & bit)) {
			if (m->nr_shares >= TSMB_UPCALL_SHARES_MAX)
				return -TSMB_EINVAL;
		} else if (m->present & bit) {
			return -TSMB_EBADMSG;
		}
		if (!tsmb_upcall_value_ok(&tsmb_upcall_attrs[h.type], buf + h.val, h.len))
			return -TSMB_EINVAL;
		if (h.type == TSMB_UPCALL_A_SHARE)
			m->nr_shares++;
		if (m->present & bit)
			continue;	/* a further SHARE: the first is recorded */
		m->present |= bit;
		m->a[h.type].off = (uint32_t)h.val;
		m->a[h.type].len = h.len;
	}
	return (m->present & required) == required ? 0 : -TSMB_EBADMSG;
}

static void tsmb_upcall_share_init(const struct tsmb_upcall_msg *cfg,
				   struct tsmb_upcall_msg *share)
{
	tsmb_memset(share, 0, sizeof(*share));
	share->buf = cfg->buf;
	share->len = cfg->len;
	share->version = cfg->version;
	share->req_id = cfg->req_id;
	share->handle = cfg->handle;
}

/* Finds the next SHARE at or after *pos; its value's span, or false. */
static bool tsmb_upcall_find_share(const struct tsmb_upcall_msg *cfg, size_t *pos,
				   size_t *val, size_t *end)
{
	struct tsmb_upcall_ahdr h;
	size_t off = TSMB_MAX(*pos, (size_t)TSMB_UPCALL_HDR_SIZE);

	if (!(cfg->present & A(SHARE)))
		return false;
	while (off < cfg->len) {
		if (tsmb_upcall_ahdr_at(cfg->buf, off, cfg->len, &h))
			return false;
		off = h.next;
		if (h.type == TSMB_UPCALL_A_SHARE) {
			*pos = off;
			*val = h.val;
			*end = h.val + h.len;
			return true;
		}
	}
	*pos = off;
	return false;
}

bool tsmb_upcall_next_share(const struct tsmb_upcall_msg *cfg, size_t *pos,
			    struct tsmb_upcall_msg *share)
{
	size_t val, end;

	if (!tsmb_upcall_find_share(cfg, pos, &val, &end))
		return false;
	tsmb_upcall_share_init(cfg, share);
	/* The decoder checked every share, so this cannot fail. */
	return tsmb_upcall_parse(cfg->buf, val, end, TSMB_UPCALL_SHARE_ALLOWED,
				 TSMB_UPCALL_SHARE_REQUIRED, share) == 0;
}

static int tsmb_upcall_check_shares(const struct tsmb_upcall_msg *cfg)
{
	struct tsmb_upcall_msg share;
	size_t pos = 0, val, end;
	int err;

	while (tsmb_upcall_find_share(cfg, &pos, &val, &end)) {
		tsmb_upcall_share_init(cfg, &share);
		err = tsmb_upcall_parse(cfg->buf, val, end, TSMB_UPCALL_SHARE_ALLOWED,
					TSMB_UPCALL_SHARE_REQUIRED, &share);
		if (err)
			return err;
	}
	return 0;
}

/* What a reply must carry beyond its status, depending on the status. */
static int tsmb_upcall_check_reply(const struct tsmb_upcall_spec *s,
				   const struct tsmb_upcall_msg *m)
{
	uint32_t st = tsmb_upcall_status(m), sflags = 0;
	uint64_t need = 0;

	if (st == STATUS_SUCCESS)
		need = s->rsp_on_success;
	if (m->type == TSMB_UPCALL_LOGIN) {
		if (st == STATUS_MORE_PROCESSING_REQUIRED)
			need |= A(SEC_BLOB);
		/*
		 * Only a guest or anonymous session may come without a key:
		 * a real user's session must be signed with one.
		 */
		(void)tsmb_upcall_get_u32(m, TSMB_UPCALL_A_SESSION_FLAGS, &sflags);
		if (st == STATUS_SUCCESS &&
		    !(sflags & (TSMB_UPCALL_SESSION_GUEST | TSMB_UPCALL_SESSION_ANONYMOUS)))
			need |= A(SESSION_KEY);
	}
	return (m->present & need) == need ? 0 : -TSMB_EBADMSG;
}

/* The fixed header; 0 or the error tsmb_upcall_decode() documents. */
static int tsmb_upcall_decode_hdr(const uint8_t *p, size_t len, struct tsmb_upcall_msg *m)
{
	uint32_t plen;

	if (len < TSMB_UPCALL_HDR_SIZE)
		return -TSMB_EBADMSG;
	if (tsmb_get_le32(p) != TSMB_UPCALL_MAGIC)
		return -TSMB_EPROTO;
	m->version = tsmb_get_le16(p + 4);
	m->type = tsmb_get_le16(p + 6);
	m->flags = tsmb_get_le32(p + 8);
	plen = tsmb_get_le32(p + 12);
	m->req_id = tsmb_get_le64(p + 16);
	m->handle = tsmb_get_le64(p + 24);
	if (m->version != TSMB_UPCALL_VERSION || (m->flags & ~TSMB_UPCALL_F_REPLY))
		return -TSMB_EPROTO;
	if (plen > TSMB_UPCALL_MSG_MAX - TSMB_UPCALL_HDR_SIZE || (plen & 7) ||
	    len != TSMB_UPCALL_HDR_SIZE + (size_t)plen)
		return -TSMB_EBADMSG;
	if (!tsmb_upcall_spec(m->type))
		return -TSMB_EOPNOTSUPP;
	return 0;
}

int tsmb_upcall_decode(const void *buf, size_t len, struct tsmb_upcall_msg *m)
{
	const struct tsmb_upcall_spec *s;
	bool reply;
	int err;

	tsmb_memset(m, 0, sizeof(*m));
	m->buf = buf;
	m->len = len;
	err = tsmb_upcall_decode_hdr(buf, len, m);
	if (err)
		return err;
	s = tsmb_upcall_spec(m->type);
	reply = tsmb_upcall_is_reply(m);
	err = tsmb_upcall_parse(buf, TSMB_UPCALL_HDR_SIZE, len,
				reply ? s->rsp_allowed : s->req_allowed,
				reply ? s->rsp_required : s->req_required, m);
	if (!err && m->nr_shares)
		err = tsmb_upcall_check_shares(m);
	if (!err && reply)
		err = tsmb_upcall_check_reply(s, m);
	return err;
}

int tsmb_upcall_decode_reply(const void *buf, size_t len, uint16_t type, uint64_t req_id,
			     uint64_t handle, struct tsmb_upcall_msg *m)
{
	int err = tsmb_upcall_decode(buf, len, m);

	if (err)
		return err;
	if (!tsmb_upcall_is_reply(m) || m->type != type || m->req_id != req_id ||
	    m->handle != handle)
		return -TSMB_EPROTO;
	return 0;
}

/* The attribute's value if present and of kind k; see the accessors. */
static int tsmb_upcall_get(const struct tsmb_upcall_msg *m, unsigned int attr,
			   enum tsmb_upcall_kind k, const uint8_t **v, uint32_t *len)
{
	if (attr == 0 || attr > TSMB_UPCALL_A_MAX || tsmb_upcall_attrs[attr].kind != k)
		return -TSMB_EINVAL;
	if (!tsmb_upcall_has(m, attr))
		return -TSMB_ENOENT;
	*v = m->buf + m->a[attr].off;
	*len = m->a[attr].len;
	return 0;
}

int tsmb_upcall_get_u32(const struct tsmb_upcall_msg *m, unsigned int attr, uint32_t *v)
{
	const uint8_t *p;
	uint32_t len;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_U32, &p, &len);

	if (!err)
		*v = tsmb_get_le32(p);
	return err;
}

int tsmb_upcall_get_u64(const struct tsmb_upcall_msg *m, unsigned int attr, uint64_t *v)
{
	const uint8_t *p;
	uint32_t len;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_U64, &p, &len);

	if (!err)
		*v = tsmb_get_le64(p);
	return err;
}

int tsmb_upcall_get_bytes(const struct tsmb_upcall_msg *m, unsigned int attr,
			  const uint8_t **p, size_t *len)
{
	enum tsmb_upcall_kind k = TSMB_UK_BYTES;
	uint32_t l;
	int err;

	if (attr == TSMB_UPCALL_A_SESSION_KEY)
		k = TSMB_UK_KEY;
	err = tsmb_upcall_get(m, attr, k, p, &l);
	if (!err)
		*len = l;
	return err;
}

int tsmb_upcall_get_str(const struct tsmb_upcall_msg *m, unsigned int attr,
			const char **s, size_t *len)
{
	const uint8_t *p;
	uint32_t l;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_STR, &p, &l);

	if (!err) {
		*s = (const char *)p;
		*len = l;
	}
	return err;
}

int tsmb_upcall_get_u32_array(const struct tsmb_upcall_msg *m, unsigned int attr,
			      uint32_t *out, size_t cap, size_t *n)
{
	const uint8_t *p;
	uint32_t l, i;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_U32_ARRAY, &p, &l);

	if (err)
		return err;
	*n = l >> 2;
	for (i = 0; i < (l >> 2) && i < cap; i++)
		out[i] = tsmb_get_le32(p + 4 * (size_t)i);
	return 0;
}

static void tsmb_upcall_addr_read(const uint8_t *p, struct tsmb_upcall_addr *a)
{
	a->family = tsmb_get_le16(p);
	a->port = tsmb_get_le16(p + 2);
	a->scope_id = tsmb_get_le32(p + 4);
	tsmb_memcpy(a->addr, p + 8, sizeof(a->addr));
}

int tsmb_upcall_get_addr(const struct tsmb_upcall_msg *m, unsigned int attr,
			 struct tsmb_upcall_addr *a)
{
	const uint8_t *p;
	uint32_t l;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_ADDR, &p, &l);

	if (err)
		return err;
	tsmb_upcall_addr_read(p, a);
	return 0;
}

int tsmb_upcall_get_addrs(const struct tsmb_upcall_msg *m, unsigned int attr,
			  struct tsmb_upcall_addr *out, size_t cap, size_t *n)
{
	const uint8_t *p;
	uint32_t l, i;
	int err = tsmb_upcall_get(m, attr, TSMB_UK_ADDR_ARRAY, &p, &l);

	if (err)
		return err;
	*n = l / TSMB_UPCALL_ADDR_SIZE;
	for (i = 0; i < *n && i < cap; i++)
		tsmb_upcall_addr_read(p + (size_t)i * TSMB_UPCALL_ADDR_SIZE, &out[i]);
	return 0;
}

/* --- encoder --- */

void tsmb_upcall_enc_begin(struct tsmb_upcall_enc *e, void *buf, size_t cap, uint16_t type,
			   uint32_t flags, uint64_t req_id, uint64_t handle)
{
	tsmb_wr_init(&e->w, buf, cap);
	e->nest = 0;
	e->in_share = false;
	e->err = 0;
	tsmb_wr_le32(&e->w, TSMB_UPCALL_MAGIC);
	tsmb_wr_le16(&e->w, TSMB_UPCALL_VERSION);
	tsmb_wr_le16(&e->w, type);
	tsmb_wr_le32(&e->w, flags);
	tsmb_wr_le32(&e->w, 0);		/* payload length, set by enc_end */
	tsmb_wr_le64(&e->w, req_id);
	tsmb_wr_le64(&e->w, handle);
}

static void tsmb_upcall_enc_fail(struct tsmb_upcall_enc *e, int err)
{
	if (!e->err)
		e->err = err;
}

/*
 * Writes an attribute's header, reserves len bytes for its value (and
 * zeroes the padding after them); the value's room, or NULL after an error.
 */
static uint8_t *tsmb_upcall_enc_attr(struct tsmb_upcall_enc *e, unsigned int attr,
				     enum tsmb_upcall_kind k, size_t len)
{
	uint8_t *v;

	if (attr == 0 || attr > TSMB_UPCALL_A_MAX || tsmb_upcall_attrs[attr].kind != k ||
	    len > TSMB_UPCALL_MSG_MAX) {
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
		return NULL;
	}
	tsmb_wr_le16(&e->w, (uint16_t)attr);
	tsmb_wr_le16(&e->w, 0);
	tsmb_wr_le32(&e->w, (uint32_t)len);
	v = tsmb_wr_take(&e->w, len);
	tsmb_wr_align(&e->w, 8);
	return tsmb_wr_ok(&e->w) ? v : NULL;
}

void tsmb_upcall_put_u32(struct tsmb_upcall_enc *e, unsigned int attr, uint32_t v)
{
	uint8_t *p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_U32, 4);

	if (p)
		tsmb_put_le32(p, v);
}

void tsmb_upcall_put_u64(struct tsmb_upcall_enc *e, unsigned int attr, uint64_t v)
{
	uint8_t *p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_U64, 8);

	if (p)
		tsmb_put_le64(p, v);
}

void tsmb_upcall_put_bytes(struct tsmb_upcall_enc *e, unsigned int attr, const void *src,
			   size_t len)
{
	enum tsmb_upcall_kind k = attr == TSMB_UPCALL_A_SESSION_KEY ? TSMB_UK_KEY : TSMB_UK_BYTES;
	uint8_t *p = tsmb_upcall_enc_attr(e, attr, k, len);

	if (p && len)
		tsmb_memcpy(p, src, len);
}

void tsmb_upcall_put_str(struct tsmb_upcall_enc *e, unsigned int attr, const char *s,
			 size_t len)
{
	uint8_t *p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_STR, len);

	if (p && len)
		tsmb_memcpy(p, s, len);
}

void tsmb_upcall_put_u32_array(struct tsmb_upcall_enc *e, unsigned int attr,
			       const uint32_t *v, size_t n)
{
	uint8_t *p;
	size_t i;

	if (n > TSMB_UPCALL_MSG_MAX / 4) {
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
		return;
	}
	p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_U32_ARRAY, n * 4);
	for (i = 0; p && i < n; i++)
		tsmb_put_le32(p + 4 * i, v[i]);
}

static void tsmb_upcall_addr_write(uint8_t *p, const struct tsmb_upcall_addr *a)
{
	tsmb_put_le16(p, a->family);
	tsmb_put_le16(p + 2, a->port);
	tsmb_put_le32(p + 4, a->scope_id);
	tsmb_memcpy(p + 8, a->addr, sizeof(a->addr));
}

void tsmb_upcall_put_addr(struct tsmb_upcall_enc *e, unsigned int attr,
			  const struct tsmb_upcall_addr *a)
{
	uint8_t *p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_ADDR, TSMB_UPCALL_ADDR_SIZE);

	if (p)
		tsmb_upcall_addr_write(p, a);
}

void tsmb_upcall_put_addrs(struct tsmb_upcall_enc *e, unsigned int attr,
			   const struct tsmb_upcall_addr *a, size_t n)
{
	uint8_t *p;
	size_t i;

	if (n > TSMB_UPCALL_LISTEN_MAX) {
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
		return;
	}
	p = tsmb_upcall_enc_attr(e, attr, TSMB_UK_ADDR_ARRAY, n * TSMB_UPCALL_ADDR_SIZE);
	for (i = 0; p && i < n; i++)
		tsmb_upcall_addr_write(p + i * TSMB_UPCALL_ADDR_SIZE, &a[i]);
}

void tsmb_upcall_share_begin(struct tsmb_upcall_enc *e)
{
	size_t at = e->w.off;

	if (e->in_share) {
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
		return;
	}
	/* Its length is filled in by share_end (unless the buffer is full). */
	(void)tsmb_upcall_enc_attr(e, TSMB_UPCALL_A_SHARE, TSMB_UK_NESTED, 0);
	e->nest = at;
	e->in_share = true;
}

void tsmb_upcall_share_end(struct tsmb_upcall_enc *e)
{
	size_t val = e->nest + TSMB_UPCALL_ATTR_HDR;

	if (!e->in_share) {
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
		return;
	}
	e->in_share = false;
	if (tsmb_wr_ok(&e->w))
		tsmb_put_le32(e->w.buf + val - 4, (uint32_t)(e->w.off - val));
}

int tsmb_upcall_enc_end(struct tsmb_upcall_enc *e, size_t *len)
{
	struct tsmb_upcall_msg check;

	if (e->in_share)
		tsmb_upcall_enc_fail(e, -TSMB_EINVAL);
	if (e->err)
		return e->err;
	if (!tsmb_wr_ok(&e->w) || e->w.off > TSMB_UPCALL_MSG_MAX)
		return -TSMB_EMSGSIZE;
	tsmb_put_le32(e->w.buf + 12, (uint32_t)(e->w.off - TSMB_UPCALL_HDR_SIZE));
	/*
	 * Whatever the decoder would refuse (a bound, a string, a missing or
	 * repeated attribute) is refused here, where the bug is, rather than
	 * by the peer, where it would look like a broken service.
	 */
	if (tsmb_upcall_decode(e->w.buf, e->w.off, &check))
		return -TSMB_EINVAL;
	*len = e->w.off;
	return 0;
}
