// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-SMB2] 2.2.1.1 (async) and 2.2.1.2 (sync) SMB2 header. */
#include "core/wire/hdr.h"

bool tsmb_hdr_decode(const uint8_t *buf, size_t len, struct tsmb_hdr *h)
{
	struct tsmb_rd r;

	tsmb_rd_init(&r, buf, len);
	if (tsmb_rd_le32(&r) != SMB2_PROTO_ID)
		return false;
	h->structure_size = tsmb_rd_le16(&r);
	h->credit_charge = tsmb_rd_le16(&r);
	h->status = tsmb_rd_le32(&r);
	h->command = tsmb_rd_le16(&r);
	h->credits = tsmb_rd_le16(&r);
	h->flags = tsmb_rd_le32(&r);
	h->next_command = tsmb_rd_le32(&r);
	h->message_id = tsmb_rd_le64(&r);
	if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		h->async_id = tsmb_rd_le64(&r);
		h->process_id = 0;
		h->tree_id = 0;
	} else {
		h->process_id = tsmb_rd_le32(&r);
		h->tree_id = tsmb_rd_le32(&r);
		h->async_id = 0;
	}
	h->session_id = tsmb_rd_le64(&r);
	tsmb_rd_bytes(&r, h->signature, sizeof(h->signature));
	return tsmb_rd_ok(&r);
}

void tsmb_hdr_encode(struct tsmb_wr *w, const struct tsmb_hdr *h)
{
	tsmb_wr_le32(w, SMB2_PROTO_ID);
	tsmb_wr_le16(w, SMB2_HDR_SIZE);
	tsmb_wr_le16(w, h->credit_charge);
	tsmb_wr_le32(w, h->status);
	tsmb_wr_le16(w, h->command);
	tsmb_wr_le16(w, h->credits);
	tsmb_wr_le32(w, h->flags);
	tsmb_wr_le32(w, h->next_command);
	tsmb_wr_le64(w, h->message_id);
	if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		tsmb_wr_le64(w, h->async_id);
	} else {
		tsmb_wr_le32(w, h->process_id);
		tsmb_wr_le32(w, h->tree_id);
	}
	tsmb_wr_le64(w, h->session_id);
	tsmb_wr_bytes(w, h->signature, sizeof(h->signature));
}

static const struct {
	uint16_t structure_size;
	const char *name;
} commands[SMB2_NR_COMMANDS] = {
	[SMB2_NEGOTIATE] = { 36, "NEGOTIATE" },
	[SMB2_SESSION_SETUP] = { 25, "SESSION_SETUP" },
	[SMB2_LOGOFF] = { 4, "LOGOFF" },
	[SMB2_TREE_CONNECT] = { 9, "TREE_CONNECT" },
	[SMB2_TREE_DISCONNECT] = { 4, "TREE_DISCONNECT" },
	[SMB2_CREATE] = { 57, "CREATE" },
	[SMB2_CLOSE] = { 24, "CLOSE" },
	[SMB2_FLUSH] = { 24, "FLUSH" },
	[SMB2_READ] = { 49, "READ" },
	[SMB2_WRITE] = { 49, "WRITE" },
	[SMB2_LOCK] = { 48, "LOCK" },
	[SMB2_IOCTL] = { 57, "IOCTL" },
	[SMB2_CANCEL] = { 4, "CANCEL" },
	[SMB2_ECHO] = { 4, "ECHO" },
	[SMB2_QUERY_DIRECTORY] = { 33, "QUERY_DIRECTORY" },
	[SMB2_CHANGE_NOTIFY] = { 32, "CHANGE_NOTIFY" },
	[SMB2_QUERY_INFO] = { 41, "QUERY_INFO" },
	[SMB2_SET_INFO] = { 33, "SET_INFO" },
	/* 24 for an oplock break ack; a lease break ack (36) is longer. */
	[SMB2_OPLOCK_BREAK] = { 24, "OPLOCK_BREAK" },
};

uint16_t tsmb_hdr_req_structure_size(uint16_t command)
{
	return command < SMB2_NR_COMMANDS ? commands[command].structure_size : 0;
}

const char *tsmb_hdr_command_name(uint16_t command)
{
	return command < SMB2_NR_COMMANDS ? commands[command].name : "UNKNOWN";
}
