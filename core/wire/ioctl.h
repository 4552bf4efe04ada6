/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * SMB2 IOCTL request and response ([MS-SMB2] 2.2.31, 2.2.32) and the
 * FSCTL payloads the server reads or writes: VALIDATE_NEGOTIATE_INFO
 * (2.2.31.4, 2.2.32.6) and the [MS-FSCC] 2.3 structures of the file
 * system controls it answers.
 */
#ifndef TSMB_CORE_WIRE_IOCTL_H
#define TSMB_CORE_WIRE_IOCTL_H

#include "core/lib/cursor.h"
#include "core/lib/status.h"
#include "core/wire/smb2.h"

#define SMB2_IOCTL_REQ_SIZE	57
#define SMB2_IOCTL_RSP_SIZE	49
/* The response's Buffer follows its 48-byte fixed part. */
#define SMB2_IOCTL_RSP_BUFFER_OFFSET	(SMB2_HDR_SIZE + 48)

/* 2.2.31 Flags */
#define SMB2_0_IOCTL_IS_FSCTL	0x00000001u

/* CtlCode ([MS-SMB2] 2.2.31, [MS-FSCC] 2.3) */
#define FSCTL_DFS_GET_REFERRALS		0x00060194u
#define FSCTL_DFS_GET_REFERRALS_EX	0x000601B0u
#define FSCTL_PIPE_PEEK			0x0011400Cu
#define FSCTL_PIPE_WAIT			0x00110018u
#define FSCTL_PIPE_TRANSCEIVE		0x0011C017u
#define FSCTL_SRV_COPYCHUNK		0x001440F2u
#define FSCTL_SRV_COPYCHUNK_WRITE	0x001480F2u
#define FSCTL_SRV_ENUMERATE_SNAPSHOTS	0x00144064u
#define FSCTL_SRV_REQUEST_RESUME_KEY	0x00140078u
#define FSCTL_SRV_READ_HASH		0x001441BBu
#define FSCTL_LMR_REQUEST_RESILIENCY	0x001401D4u
#define FSCTL_QUERY_NETWORK_INTERFACE_INFO 0x001401FCu
#define FSCTL_VALIDATE_NEGOTIATE_INFO	0x00140204u
#define FSCTL_GET_COMPRESSION		0x0009003Cu
#define FSCTL_SET_COMPRESSION		0x0009C040u
#define FSCTL_SET_REPARSE_POINT		0x000900A4u
#define FSCTL_GET_REPARSE_POINT		0x000900A8u
#define FSCTL_CREATE_OR_GET_OBJECT_ID	0x000900C0u
#define FSCTL_SET_SPARSE		0x000900C4u
#define FSCTL_SET_ZERO_DATA		0x000980C8u
#define FSCTL_QUERY_ALLOCATED_RANGES	0x000940CFu

/* [MS-FSCC] 2.3.8 / 2.3.69 CompressionState */
#define COMPRESSION_FORMAT_NONE		0x0000

struct tsmb_ioctl_req {
	uint32_t ctl_code;
	uint64_t file_id_persistent;
	uint64_t file_id_volatile;
	const uint8_t *input;		/* NULL when InputCount is 0 */
	uint32_t input_count;
	uint32_t max_input_response;
	uint32_t output_count;		/* the client's output buffer: unused */
	uint32_t max_output_response;
	uint32_t flags;
};

/*
 * msg/len is this request, header included (InputOffset and OutputOffset
 * count from the header). STATUS_INVALID_PARAMETER when malformed: the
 * input or output buffer not inside the request after the fixed part.
 * The sizes against MaxTransactSize are the handler's to judge.
 */
struct tsmb_status tsmb_ioctl_req_decode(const uint8_t *msg, size_t len,
					 struct tsmb_ioctl_req *req);

/*
 * The response's fixed part for out_len bytes of output, which the caller
 * writes right after it. No input is returned; with no output either, the
 * one buffer byte StructureSize 49 promises is written.
 */
void tsmb_ioctl_rsp_encode(struct tsmb_wr *w, const struct tsmb_ioctl_req *req,
			   uint32_t out_len);

/* 2.2.31.4 VALIDATE_NEGOTIATE_INFO request; dialects point into the input. */
struct tsmb_validate_negotiate {
	uint32_t capabilities;
	uint8_t guid[16];
	uint16_t security_mode;
	uint16_t dialect_count;
	const uint8_t *dialects;	/* dialect_count little-endian uint16s */
};

#define SMB2_VALIDATE_NEGOTIATE_RSP_SIZE	24

/* STATUS_INVALID_PARAMETER unless in/len holds the request and all its dialects. */
struct tsmb_status tsmb_validate_negotiate_decode(const uint8_t *in, size_t len,
						  struct tsmb_validate_negotiate *vn);

/* 2.2.32.6: what the server negotiated. */
void tsmb_validate_negotiate_rsp_encode(struct tsmb_wr *w, uint32_t capabilities,
					const uint8_t guid[16], uint16_t security_mode,
					uint16_t dialect);

/* [MS-FSCC] 2.3.32 FILE_ALLOCATED_RANGE_BUFFER, and 2.3.85 FILE_ZERO_DATA_INFORMATION. */
struct tsmb_file_range {
	uint64_t offset;
	uint64_t length;		/* FILE_ZERO_DATA_INFORMATION: BeyondFinalZero */
};

#define FILE_RANGE_BUFFER_SIZE	16

/* STATUS_INVALID_PARAMETER when in/len is shorter than the 16 bytes. */
struct tsmb_status tsmb_file_range_decode(const uint8_t *in, size_t len,
					  struct tsmb_file_range *r);
void tsmb_file_range_encode(struct tsmb_wr *w, const struct tsmb_file_range *r);

/* [MS-FSCC] 2.1.3.1 FILE_OBJECTID_BUFFER (type 1): four 16-byte ids. */
#define FILE_OBJECTID_BUFFER_SIZE	64

#endif /* TSMB_CORE_WIRE_IOCTL_H */
