/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The SMB2 TRANSFORM_HEADER of an encrypted message ([MS-SMB2] 2.2.41). */
#ifndef TSMB_CORE_WIRE_TRANSFORM_H
#define TSMB_CORE_WIRE_TRANSFORM_H

#include "core/lib/cursor.h"
#include "core/wire/smb2.h"

#define SMB2_TRANSFORM_HDR_SIZE	52
/* The AAD of the cipher: the header from Nonce through SessionId. */
#define SMB2_TRANSFORM_AAD_OFF	20
#define SMB2_TRANSFORM_AAD_LEN	32
/* Flags/EncryptionAlgorithm: the only value defined (2.2.41). */
#define SMB2_TRANSFORM_FLAG_ENCRYPTED 0x0001

struct tsmb_transform_hdr {
	uint8_t signature[16];
	uint8_t nonce[16];	/* CCM: 11 bytes and 5 reserved; GCM: 12 and 4 */
	uint32_t original_size;
	uint16_t reserved;	/* kept: it is part of the AAD */
	uint16_t flags;
	uint64_t session_id;
};

/*
 * Decodes the transform header at the start of a frame of len bytes
 * (the header and the ciphertext after it). False, with *th unspecified,
 * unless: len holds a header and at least one byte more, ProtocolId is
 * 0xFD 'SMB', OriginalMessageSize equals the bytes after the header,
 * Flags/EncryptionAlgorithm is 0x0001 and SessionId is not zero. Each of
 * those failures makes the server disconnect ([MS-SMB2] 3.3.5.2.1.1).
 */
bool tsmb_transform_decode(const uint8_t *buf, size_t len, struct tsmb_transform_hdr *th);
/* Writes the 52-byte header as given (flags and reserved included). */
void tsmb_transform_encode(struct tsmb_wr *w, const struct tsmb_transform_hdr *th);

#endif /* TSMB_CORE_WIRE_TRANSFORM_H */
