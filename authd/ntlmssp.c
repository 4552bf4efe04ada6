// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * NTLMSSP server ([MS-NLMP] 2.2.1, 3.2.5.1, 3.3.2, 3.4). Every length and
 * offset the client sends is checked against the message before use.
 */
#include <errno.h>
#include <string.h>

#include <talloc.h>

#include "authd/ntlmssp.h"
#include "authd/status.h"
#include "authd/unistr.h"

static const uint8_t ntlmssp_sig[8] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0 };

#define NEGOTIATE_MIN_LEN	16
#define CHALLENGE_HDR_LEN	56
#define AUTHENTICATE_MIN_LEN	64
#define AUTHENTICATE_MIC_OFF	72
#define AUTHENTICATE_MIC_END	88
#define NTLMV2_TEMP_FIXED	28	/* temp up to its AV pairs, [MS-NLMP] 2.2.2.7 */
#define NAME_MAX_BYTES		512	/* 256 UTF-16 units: longer than any account name */
#define AV_PAIRS_MAX		64

/* Windows 10.0 build 20348 with NTLMSSP_REVISION_W2K3: what clients expect to see. */
static const uint8_t ntlmssp_version[8] = { 10, 0, 0x4c, 0x4f, 0, 0, 0, 0x0f };

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)v);
	put16(p + 2, (uint16_t)(v >> 16));
}

/* A {Len, MaxLen, Offset} field at hdr inside msg[0..len): -1 if it points outside. */
static int get_field(const uint8_t *msg, size_t len, size_t hdr, const uint8_t **p,
		     size_t *flen)
{
	uint32_t l = le16(msg + hdr), off = le32(msg + hdr + 4);

	if (l == 0) {
		*p = NULL;
		*flen = 0;
		return 0;
	}
	if (off > len || l > len - off)
		return -1;
	*p = msg + off;
	*flen = l;
	return 0;
}

struct authd_ntlmssp *authd_ntlmssp_new(void *mem_ctx)
{
	return talloc_zero(mem_ctx, struct authd_ntlmssp);
}

static uint32_t agreed_flags(uint32_t cf)
{
	uint32_t f = NTLMSSP_NEGOTIATE_NTLM | NTLMSSP_NEGOTIATE_TARGET_INFO |
		     NTLMSSP_NEGOTIATE_VERSION | NTLMSSP_TARGET_TYPE_SERVER;

	/* Unicode unless the client can only do OEM ([MS-NLMP] 3.2.5.1.1). */
	if ((cf & NTLMSSP_NEGOTIATE_UNICODE) || !(cf & NTLMSSP_NEGOTIATE_OEM))
		f |= NTLMSSP_NEGOTIATE_UNICODE;
	else
		f |= NTLMSSP_NEGOTIATE_OEM;
	f |= cf & (NTLMSSP_REQUEST_TARGET | NTLMSSP_NEGOTIATE_SIGN | NTLMSSP_NEGOTIATE_SEAL |
		   NTLMSSP_NEGOTIATE_ALWAYS_SIGN | NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY |
		   NTLMSSP_NEGOTIATE_128 | NTLMSSP_NEGOTIATE_56 | NTLMSSP_NEGOTIATE_KEY_EXCH);
	return f;
}

struct av_name {
	uint16_t id;
	uint8_t *s;
	size_t len;
};

static uint8_t *put_av(uint8_t *p, uint16_t id, const void *v, size_t len)
{
	put16(p, id);
	put16(p + 2, (uint16_t)len);
	if (len)
		memcpy(p + 4, v, len);
	return p + 4 + len;
}

/* The CHALLENGE_MESSAGE, [MS-NLMP] 2.2.1.2, with the AV pairs of 2.2.2.1. */
static uint8_t *build_challenge(void *mem_ctx, struct authd_ntlmssp *st,
				const struct authd_ntlmssp_names *names, uint64_t filetime,
				size_t *outlen)
{
	struct av_name av[4] = {
		{ MSV_AV_NB_DOMAIN_NAME }, { MSV_AV_NB_COMPUTER_NAME },
		{ MSV_AV_DNS_DOMAIN_NAME }, { MSV_AV_DNS_COMPUTER_NAME },
	};
	const char *src[4] = { names->nb_domain, names->nb_computer, names->dns_domain,
			       names->dns_computer };
	void *tmp = talloc_new(NULL);
	uint8_t *tname = NULL, *msg = NULL, *p, ts[8];
	size_t tlen = 0, ilen = 4 + 12, i;

	if (!tmp)
		return NULL;
	for (i = 0; i < 4; i++) {
		av[i].s = authd_utf8_to_utf16(tmp, src[i] ? src[i] : "", &av[i].len);
		if (!av[i].s || av[i].len > NAME_MAX_BYTES)
			goto out;
		ilen += 4 + av[i].len;
	}
	if (st->flags & NTLMSSP_NEGOTIATE_UNICODE) {
		tname = authd_utf8_to_utf16(tmp, names->nb_computer, &tlen);
	} else {
		tlen = strlen(names->nb_computer);
		tname = talloc_memdup(tmp, names->nb_computer, tlen + 1);
	}
	if (!tname || tlen > NAME_MAX_BYTES)
		goto out;
	msg = talloc_zero_array(mem_ctx, uint8_t, CHALLENGE_HDR_LEN + tlen + ilen);
	if (!msg)
		goto out;
	memcpy(msg, ntlmssp_sig, 8);
	put32(msg + 8, 2);
	put16(msg + 12, (uint16_t)tlen);
	put16(msg + 14, (uint16_t)tlen);
	put32(msg + 16, CHALLENGE_HDR_LEN);
	put32(msg + 20, st->flags);
	memcpy(msg + 24, st->server_challenge, 8);
	put16(msg + 40, (uint16_t)ilen);
	put16(msg + 42, (uint16_t)ilen);
	put32(msg + 44, (uint32_t)(CHALLENGE_HDR_LEN + tlen));
	memcpy(msg + 48, ntlmssp_version, 8);
	memcpy(msg + CHALLENGE_HDR_LEN, tname, tlen);
	p = msg + CHALLENGE_HDR_LEN + tlen;
	for (i = 0; i < 4; i++)
		p = put_av(p, av[i].id, av[i].s, av[i].len);
	put32(ts, (uint32_t)filetime);
	put32(ts + 4, (uint32_t)(filetime >> 32));
	p = put_av(p, MSV_AV_TIMESTAMP, ts, 8);
	put_av(p, MSV_AV_EOL, NULL, 0);
	*outlen = CHALLENGE_HDR_LEN + tlen + ilen;
out:
	talloc_free(tmp);
	return msg;
}

uint32_t authd_ntlmssp_negotiate(struct authd_ntlmssp *st, const uint8_t *in, size_t len,
				 const struct authd_ntlmssp_names *names,
				 const uint8_t challenge[8], uint64_t filetime, void *mem_ctx,
				 uint8_t **out, size_t *outlen)
{
	const uint8_t *p;
	size_t flen;

	if (st->stage != 0 || len < NEGOTIATE_MIN_LEN || len > AUTHD_NTLMSSP_MAX_MSG ||
	    memcmp(in, ntlmssp_sig, 8) != 0 || le32(in + 8) != 1)
		return AUTHD_STATUS_INVALID_PARAMETER;
	/* Domain and workstation are optional hints; check them only if sent. */
	if (len >= 32 && (get_field(in, len, 16, &p, &flen) || get_field(in, len, 24, &p, &flen)))
		return AUTHD_STATUS_INVALID_PARAMETER;
	st->flags = agreed_flags(le32(in + 12));
	memcpy(st->server_challenge, challenge, 8);
	st->negotiate = talloc_memdup(st, in, len);
	if (!st->negotiate)
		return AUTHD_STATUS_NO_MEMORY;
	st->negotiate_len = len;
	*out = build_challenge(mem_ctx, st, names, filetime, outlen);
	if (!*out)
		return AUTHD_STATUS_NO_MEMORY;
	st->challenge = talloc_memdup(st, *out, *outlen);
	if (!st->challenge) {
		TALLOC_FREE(*out);
		return AUTHD_STATUS_NO_MEMORY;
	}
	st->challenge_len = *outlen;
	st->stage = 1;
	return AUTHD_STATUS_SUCCESS;
}

int authd_ntowfv2(const uint8_t nt_hash[16], const uint8_t *user16, size_t ulen,
		  const uint8_t *dom16, size_t dlen, uint8_t out[16])
{
	struct authd_hmac_md5 h;
	uint8_t up[NAME_MAX_BYTES];

	if (ulen > sizeof(up))
		return -1;
	memcpy(up, user16, ulen);
	authd_utf16_upper(up, ulen);
	if (authd_hmac_md5_init(&h, nt_hash, 16))
		return -1;
	authd_hmac_md5_update(&h, up, ulen);
	authd_hmac_md5_update(&h, dom16, dlen);
	return authd_hmac_md5_final(&h, out);
}

/* The fields of an AUTHENTICATE_MESSAGE, [MS-NLMP] 2.2.1.3. */
struct auth_msg {
	const uint8_t *lm, *nt, *dom, *user, *ws, *ekey;
	size_t lm_len, nt_len, dom_len, user_len, ws_len, ekey_len;
	uint32_t flags;
};

static int parse_auth(const uint8_t *in, size_t len, struct auth_msg *m)
{
	if (len < AUTHENTICATE_MIN_LEN || len > AUTHD_NTLMSSP_MAX_MSG ||
	    memcmp(in, ntlmssp_sig, 8) != 0 || le32(in + 8) != 3)
		return -1;
	if (get_field(in, len, 12, &m->lm, &m->lm_len) ||
	    get_field(in, len, 20, &m->nt, &m->nt_len) ||
	    get_field(in, len, 28, &m->dom, &m->dom_len) ||
	    get_field(in, len, 36, &m->user, &m->user_len) ||
	    get_field(in, len, 44, &m->ws, &m->ws_len) ||
	    get_field(in, len, 52, &m->ekey, &m->ekey_len))
		return -1;
	if (m->dom_len > NAME_MAX_BYTES || m->user_len > NAME_MAX_BYTES ||
	    m->ws_len > NAME_MAX_BYTES)
		return -1;
	m->flags = le32(in + 60);
	return 0;
}

/* Client strings to UTF-8; "" for an empty field. */
static char *auth_str(void *mem_ctx, const uint8_t *p, size_t len, bool unicode)
{
	void *tmp;
	uint8_t *u16;
	size_t l16;
	char *s;

	if (!len)
		return talloc_strdup(mem_ctx, "");
	if (unicode)
		return authd_utf16_to_utf8(mem_ctx, p, len);
	tmp = talloc_new(NULL);
	u16 = tmp ? authd_latin1_to_utf16(tmp, p, len, &l16) : NULL;
	s = u16 ? authd_utf16_to_utf8(mem_ctx, u16, l16) : NULL;
	talloc_free(tmp);
	return s;
}

/* Walks the NTLMv2 temp's AV pairs ([MS-NLMP] 2.2.2.1): -1 if malformed. */
static int scan_av_pairs(const uint8_t *p, size_t len, uint32_t *av_flags)
{
	size_t off = 0;
	unsigned int n;

	*av_flags = 0;
	for (n = 0; n < AV_PAIRS_MAX; n++) {
		uint16_t id, l;

		if (len - off < 4)
			return -1;
		id = le16(p + off);
		l = le16(p + off + 2);
		off += 4;
		if (l > len - off)
			return -1;
		if (id == MSV_AV_EOL)
			return 0;
		if (id == MSV_AV_FLAGS && l == 4)
			*av_flags = le32(p + off);
		off += l;
	}
	return -1;
}

/* Tries each domain NTOWFv2 may have been computed with; 0 on a match. */
static int verify_ntlmv2(struct authd_ntlmssp *st, const struct auth_msg *m,
			 const uint8_t *user16, size_t ulen, const uint8_t *dom16,
			 size_t dlen, const struct authd_ntlmssp_names *names,
			 const uint8_t nt_hash[16], uint8_t base_key[16])
{
	const uint8_t *cand[4];
	size_t clen[4], i;
	uint8_t key[16], proof[16];
	void *tmp = talloc_new(NULL);
	struct authd_hmac_md5 h;
	int rc = -1;

	if (!tmp)
		return -1;
	/* As Windows and Samba do: the domain sent, none, our name, our workgroup. */
	cand[0] = dom16;
	clen[0] = dlen;
	cand[1] = (const uint8_t *)"";
	clen[1] = 0;
	cand[2] = authd_utf8_to_utf16(tmp, names->nb_computer, &clen[2]);
	cand[3] = authd_utf8_to_utf16(tmp, names->nb_domain, &clen[3]);
	for (i = 0; i < 4 && rc; i++) {
		if (!cand[i] || (i > 0 && clen[i] == dlen && !memcmp(cand[i], dom16, dlen)))
			continue;
		if (authd_ntowfv2(nt_hash, user16, ulen, cand[i], clen[i], key) ||
		    authd_hmac_md5_init(&h, key, 16))
			break;
		authd_hmac_md5_update(&h, st->server_challenge, 8);
		authd_hmac_md5_update(&h, m->nt + 16, m->nt_len - 16);
		if (authd_hmac_md5_final(&h, proof))
			break;
		if (!authd_memneq(proof, m->nt, 16))
			rc = authd_hmac_md5(key, 16, proof, 16, base_key);
	}
	memset(key, 0, sizeof(key));
	talloc_free(tmp);
	return rc;
}

static int check_mic(struct authd_ntlmssp *st, const uint8_t *in, size_t len)
{
	static const uint8_t zero[16];
	struct authd_hmac_md5 h;
	uint8_t mic[16];

	if (len < AUTHENTICATE_MIC_END ||
	    authd_hmac_md5_init(&h, st->session_key, sizeof(st->session_key)))
		return -1;
	authd_hmac_md5_update(&h, st->negotiate, st->negotiate_len);
	authd_hmac_md5_update(&h, st->challenge, st->challenge_len);
	authd_hmac_md5_update(&h, in, AUTHENTICATE_MIC_OFF);
	authd_hmac_md5_update(&h, zero, sizeof(zero));
	authd_hmac_md5_update(&h, in + AUTHENTICATE_MIC_END, len - AUTHENTICATE_MIC_END);
	if (authd_hmac_md5_final(&h, mic))
		return -1;
	return authd_memneq(mic, in + AUTHENTICATE_MIC_OFF, 16) ? -1 : 0;
}

static const char c2s_sign[] = "session key to client-to-server signing key magic constant";
static const char s2c_sign[] = "session key to server-to-client signing key magic constant";
static const char c2s_seal[] = "session key to client-to-server sealing key magic constant";
static const char s2c_seal[] = "session key to server-to-client sealing key magic constant";

/* [MS-NLMP] 3.4.5.2/3.4.5.3 SIGNKEY and SEALKEY with extended session security. */
static int derive_keys(struct authd_ntlmssp *st)
{
	size_t klen = 5;
	uint8_t seal[16];

	if (st->auth_flags & NTLMSSP_NEGOTIATE_128)
		klen = 16;
	else if (st->auth_flags & NTLMSSP_NEGOTIATE_56)
		klen = 7;
	/* The magic constants include their terminating NUL. */
	if (authd_md5_2(st->session_key, 16, c2s_sign, sizeof(c2s_sign), st->sign_c2s) ||
	    authd_md5_2(st->session_key, 16, s2c_sign, sizeof(s2c_sign), st->sign_s2c) ||
	    authd_md5_2(st->session_key, klen, c2s_seal, sizeof(c2s_seal), seal))
		return -1;
	authd_rc4_init(&st->seal_c2s, seal, 16);
	if (authd_md5_2(st->session_key, klen, s2c_seal, sizeof(s2c_seal), seal))
		return -1;
	authd_rc4_init(&st->seal_s2c, seal, 16);
	memset(seal, 0, sizeof(seal));
	st->seq_c2s = 0;
	st->seq_s2c = 0;
	return 0;
}

/* SessionBaseKey -> ExportedSessionKey ([MS-NLMP] 3.2.5.1.2), then the MIC and keys. */
static uint32_t finish_keys(struct authd_ntlmssp *st, const struct auth_msg *m,
			    const uint8_t base_key[16], const uint8_t *in, size_t len)
{
	memcpy(st->session_key, base_key, 16);
	if (st->auth_flags & NTLMSSP_NEGOTIATE_KEY_EXCH) {
		struct authd_rc4 rc4;

		if (m->ekey_len != 16)
			return AUTHD_STATUS_INVALID_PARAMETER;
		authd_rc4_init(&rc4, base_key, 16);
		memcpy(st->session_key, m->ekey, 16);
		authd_rc4_crypt(&rc4, st->session_key, 16);
		memset(&rc4, 0, sizeof(rc4));
	}
	if (st->mic_present && check_mic(st, in, len)) {
		st->outcome = AUTHD_NTLMSSP_DENIED;
		st->why = "MIC mismatch (message altered, or wrong key)";
		memset(st->session_key, 0, 16);
		return AUTHD_STATUS_SUCCESS;
	}
	if (derive_keys(st))
		return AUTHD_STATUS_INTERNAL_ERROR;
	return AUTHD_STATUS_SUCCESS;
}

static bool is_anonymous(const struct auth_msg *m)
{
	return m->user_len == 0 && m->nt_len == 0 &&
	       (m->lm_len == 0 || (m->lm_len == 1 && m->lm[0] == 0));
}

static uint32_t verify_user(struct authd_ntlmssp *st, const struct auth_msg *m,
			    const uint8_t *in, size_t len,
			    const struct authd_ntlmssp_names *names,
			    authd_ntlmssp_lookup_fn lookup, void *lookup_arg)
{
	uint8_t nt_hash[16], base_key[16], *u16 = NULL, *d16 = NULL;
	size_t ulen = m->user_len, dlen = m->dom_len;
	bool unicode = m->flags & NTLMSSP_NEGOTIATE_UNICODE;
	uint32_t av_flags, status = AUTHD_STATUS_SUCCESS;
	int rc;

	if (m->nt_len == 0 || m->nt_len == 24) {
		st->outcome = AUTHD_NTLMSSP_DENIED;
		st->why = "LM or NTLMv1 response refused (NTLMv2 only)";
		return AUTHD_STATUS_SUCCESS;
	}
	if (m->nt_len < 16 + NTLMV2_TEMP_FIXED + 4 || m->nt[16] != 1 ||
	    scan_av_pairs(m->nt + 16 + NTLMV2_TEMP_FIXED, m->nt_len - 16 - NTLMV2_TEMP_FIXED,
			  &av_flags))
		return AUTHD_STATUS_INVALID_PARAMETER;
	st->mic_present = av_flags & MSV_AV_FLAG_MIC_PRESENT;
	rc = lookup(lookup_arg, st->user, nt_hash, &st->why);
	if (rc == -ENOENT) {
		st->outcome = AUTHD_NTLMSSP_UNKNOWN_USER;
		st->why = "unknown user";
		return AUTHD_STATUS_SUCCESS;
	}
	if (rc) {
		st->outcome = AUTHD_NTLMSSP_DENIED;
		return AUTHD_STATUS_SUCCESS;
	}
	if (unicode) {
		u16 = (uint8_t *)m->user;
		d16 = (uint8_t *)m->dom;
	} else {
		u16 = authd_latin1_to_utf16(st, m->user, m->user_len, &ulen);
		d16 = authd_latin1_to_utf16(st, m->dom, m->dom_len, &dlen);
		if (!u16 || !d16)
			return AUTHD_STATUS_NO_MEMORY;
	}
	if (verify_ntlmv2(st, m, u16, ulen, d16 ? d16 : (uint8_t *)"", dlen, names, nt_hash,
			  base_key)) {
		st->outcome = AUTHD_NTLMSSP_DENIED;
		st->why = "wrong password";
	} else {
		st->outcome = AUTHD_NTLMSSP_OK;
		status = finish_keys(st, m, base_key, in, len);
	}
	memset(nt_hash, 0, sizeof(nt_hash));
	memset(base_key, 0, sizeof(base_key));
	return status;
}

uint32_t authd_ntlmssp_authenticate(struct authd_ntlmssp *st, const uint8_t *in, size_t len,
				    const struct authd_ntlmssp_names *names,
				    authd_ntlmssp_lookup_fn lookup, void *lookup_arg)
{
	static const uint8_t zero_key[16];
	struct auth_msg m;
	bool unicode;

	if (st->stage != 1 || parse_auth(in, len, &m))
		return AUTHD_STATUS_INVALID_PARAMETER;
	st->stage = 2;
	unicode = m.flags & NTLMSSP_NEGOTIATE_UNICODE;
	st->auth_flags = m.flags;
	st->user = auth_str(st, m.user, m.user_len, unicode);
	st->domain = auth_str(st, m.dom, m.dom_len, unicode);
	st->workstation = auth_str(st, m.ws, m.ws_len, unicode);
	if (!st->user || !st->domain || !st->workstation)
		return AUTHD_STATUS_INVALID_PARAMETER;
	if (is_anonymous(&m)) {
		/* [MS-NLMP] 3.3.2: anonymous has an all-zero SessionBaseKey. */
		st->outcome = AUTHD_NTLMSSP_ANONYMOUS;
		return finish_keys(st, &m, zero_key, in, len);
	}
	return verify_user(st, &m, in, len, names, lookup, lookup_arg);
}

/* [MS-NLMP] 3.4.4.2 MAC with extended session security. */
static int make_sig(const uint8_t key[16], struct authd_rc4 *seal, bool key_exch,
		    uint32_t seq, const uint8_t *msg, size_t len, uint8_t sig[16])
{
	struct authd_hmac_md5 h;
	uint8_t seqb[4], mac[16];

	put32(seqb, seq);
	if (authd_hmac_md5_init(&h, key, 16))
		return -1;
	authd_hmac_md5_update(&h, seqb, 4);
	authd_hmac_md5_update(&h, msg, len);
	if (authd_hmac_md5_final(&h, mac))
		return -1;
	if (key_exch)
		authd_rc4_crypt(seal, mac, 8);
	put32(sig, 1);
	memcpy(sig + 4, mac, 8);
	memcpy(sig + 12, seqb, 4);
	return 0;
}

int authd_ntlmssp_sign(struct authd_ntlmssp *st, const uint8_t *msg, size_t len,
		       uint8_t sig[AUTHD_NTLMSSP_SIG_LEN])
{
	if (st->stage != 2 || !(st->auth_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return -1;
	return make_sig(st->sign_s2c, &st->seal_s2c,
			st->auth_flags & NTLMSSP_NEGOTIATE_KEY_EXCH, st->seq_s2c++, msg, len, sig);
}

int authd_ntlmssp_check(struct authd_ntlmssp *st, const uint8_t *msg, size_t len,
			const uint8_t *sig, size_t siglen)
{
	uint8_t want[16];

	if (st->stage != 2 || siglen != AUTHD_NTLMSSP_SIG_LEN ||
	    !(st->auth_flags & NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY))
		return -1;
	if (make_sig(st->sign_c2s, &st->seal_c2s, st->auth_flags & NTLMSSP_NEGOTIATE_KEY_EXCH,
		     st->seq_c2s++, msg, len, want))
		return -1;
	return authd_memneq(want, sig, 16) ? -1 : 0;
}
