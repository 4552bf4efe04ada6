// SPDX-License-Identifier: GPL-2.0-or-later
/* [MS-FSCC] 2.5 file system information classes, as [MS-FSA] 2.1.5.13 fills them. */
#include "core/vfs/info_fs.h"

#include "core/lib/utf16.h"
#include "core/vfs/info_buf.h"
#include "core/wire/fscc.h"

/* Classes [MS-FSCC] 2.5 documents (FileFsVolumeInformation .. FileFsFullSizeInformationEx). */
#define FSCC_FS_CLASS_LAST	14

#define SECTOR			512u
#define NAME_MAX_COMPONENT	255u

/* SSINFO_FLAGS_* of 2.5.7 */
#define SSINFO_FLAGS_ALIGNED_DEVICE		0x00000001u
#define SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE 0x00000002u

/*
 * Windows counts space in allocation units of sectors: a block is one
 * unit of bsize / 512 sectors; a block size that is no multiple of 512 is
 * one unit of one sector of that size.
 */
static void units(const struct tsmb_fsinfo *fi, uint32_t *sectors, uint32_t *bytes)
{
	uint32_t bsize = fi->sfs.bsize ? fi->sfs.bsize : SECTOR;

	if (bsize % SECTOR) {
		*sectors = 1;
		*bytes = bsize;
	} else {
		*sectors = bsize / SECTOR;
		*bytes = SECTOR;
	}
}

/* 2.5.9: the share's name as the label, as Samba does (Windows shows it in Explorer). */
static void put_volume(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	long n = tsmb_utf8_utf16_len(fi->label, fi->label_len);

	tsmb_ibuf_le64(b, fi->created);
	tsmb_ibuf_le32(b, fi->serial);
	tsmb_ibuf_le32(b, n < 0 ? 0 : (uint32_t)n);
	tsmb_ibuf_u8(b, 0);		/* SupportsObjects */
	tsmb_ibuf_u8(b, 0);		/* Reserved */
	if (n > 0)
		(void)tsmb_ibuf_utf16(b, fi->label, fi->label_len, false);
}

/* 2.5.8 */
static void put_size(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	uint32_t sectors, bytes;

	units(fi, &sectors, &bytes);
	tsmb_ibuf_le64(b, fi->sfs.blocks);
	tsmb_ibuf_le64(b, fi->sfs.bavail);
	tsmb_ibuf_le32(b, sectors);
	tsmb_ibuf_le32(b, bytes);
}

/* 2.5.4 */
static void put_full_size(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	uint32_t sectors, bytes;

	units(fi, &sectors, &bytes);
	tsmb_ibuf_le64(b, fi->sfs.blocks);
	tsmb_ibuf_le64(b, fi->sfs.bavail);
	tsmb_ibuf_le64(b, fi->sfs.bfree);
	tsmb_ibuf_le32(b, sectors);
	tsmb_ibuf_le32(b, bytes);
}

/*
 * 2.5.1: "NTFS", as Samba and ksmbd say, because Windows clients enable
 * features (long names, ACL editing) by that name; case-sensitive search
 * because names beneath the share are POSIX names.
 */
static void put_attribute(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	static const char name[] = "NTFS";
	uint32_t max = fi->sfs.name_max ? TSMB_MIN(fi->sfs.name_max, NAME_MAX_COMPONENT) :
					  NAME_MAX_COMPONENT;

	tsmb_ibuf_le32(b, FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES |
			  FILE_UNICODE_ON_DISK | FILE_PERSISTENT_ACLS |
			  FILE_SUPPORTS_EXTENDED_ATTRIBUTES);
	tsmb_ibuf_le32(b, max);
	tsmb_ibuf_le32(b, 2 * (sizeof(name) - 1));
	(void)tsmb_ibuf_utf16(b, name, sizeof(name) - 1, false);
}

/* 2.5.10 */
static void put_device(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	tsmb_ibuf_le32(b, FILE_DEVICE_DISK);
	tsmb_ibuf_le32(b, FILE_DEVICE_IS_MOUNTED | (fi->read_only ? FILE_READ_ONLY_DEVICE : 0));
}

/* 2.5.6: an object id made of the file system's id; no extended info. */
static void put_object_id(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	tsmb_ibuf_le64(b, fi->sfs.fsid);
	tsmb_ibuf_le32(b, fi->serial);
	tsmb_ibuf_le32(b, fi->sfs.magic);
	tsmb_ibuf_zero(b, 48);
}

/* 2.5.7: 512-byte sectors, aligned. */
static void put_sector_size(struct tsmb_ibuf *b, const struct tsmb_fsinfo *fi)
{
	tsmb_ibuf_le32(b, SECTOR);	/* LogicalBytesPerSector */
	tsmb_ibuf_le32(b, SECTOR);	/* PhysicalBytesPerSectorForAtomicity */
	tsmb_ibuf_le32(b, SECTOR);	/* PhysicalBytesPerSectorForPerformance */
	tsmb_ibuf_le32(b, SECTOR);	/* FileSystemEffectivePhysical...ForAtomicity */
	tsmb_ibuf_le32(b, SSINFO_FLAGS_ALIGNED_DEVICE | SSINFO_FLAGS_PARTITION_ALIGNED_ON_DEVICE);
	tsmb_ibuf_le32(b, 0);		/* ByteOffsetForSectorAlignment */
	tsmb_ibuf_le32(b, 0);		/* ByteOffsetForPartitionAlignment */
}

/*
 * 2.5.2 and [MS-FSA] 2.1.5.13.6: NTFS supports quotas, so Windows answers
 * this class; tsmb keeps none: quotas off (FileSystemControlFlags 0), no
 * default threshold or limit (-1), the content-indexing fields 0.
 */
static void put_control(struct tsmb_ibuf *b)
{
	tsmb_ibuf_zero(b, 24);		/* FreeSpace{StartFiltering,Threshold,StopFiltering} */
	tsmb_ibuf_le64(b, ~0ull);	/* DefaultQuotaThreshold */
	tsmb_ibuf_le64(b, ~0ull);	/* DefaultQuotaLimit */
	tsmb_ibuf_le32(b, 0);		/* FileSystemControlFlags */
	tsmb_ibuf_le32(b, 0);		/* Padding */
}

struct tsmb_status tsmb_fs_info_encode(uint8_t cls, const struct tsmb_fsinfo *fi, uint8_t *buf,
				       size_t cap, size_t *len)
{
	struct tsmb_ibuf b;
	size_t fixed;

	*len = 0;
	tsmb_ibuf_init(&b, buf, cap);
	switch (cls) {
	case FS_VOLUME_INFORMATION:
		put_volume(&b, fi);
		fixed = TSMB_FS_VOLUME_MIN;
		break;
	case FS_SIZE_INFORMATION:
		put_size(&b, fi);
		fixed = TSMB_FS_SIZE_SIZE;
		break;
	case FS_DEVICE_INFORMATION:
		put_device(&b, fi);
		fixed = TSMB_FS_DEVICE_SIZE;
		break;
	case FS_ATTRIBUTE_INFORMATION:
		put_attribute(&b, fi);
		fixed = TSMB_FS_ATTRIBUTE_MIN;
		break;
	case FS_CONTROL_INFORMATION:
		put_control(&b);
		fixed = TSMB_FS_CONTROL_SIZE;
		break;
	case FS_FULL_SIZE_INFORMATION:
		put_full_size(&b, fi);
		fixed = TSMB_FS_FULL_SIZE_SIZE;
		break;
	case FS_OBJECT_ID_INFORMATION:
		put_object_id(&b, fi);
		fixed = TSMB_FS_OBJECT_ID_SIZE;
		break;
	case FS_SECTOR_SIZE_INFORMATION:
		put_sector_size(&b, fi);
		fixed = TSMB_FS_SECTOR_SIZE_SIZE;
		break;
	default:
		if (cls && cls <= FSCC_FS_CLASS_LAST)
			return TSMB_ERR(STATUS_NOT_SUPPORTED);
		return TSMB_ERR(STATUS_INVALID_INFO_CLASS);
	}
	return tsmb_ibuf_done(&b, fixed, len);
}

/* FNV-1a: any stable spread of the name will do. */
uint32_t tsmb_fs_serial(const char *name, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (uint8_t)name[i];
		h *= 16777619u;
	}
	return h;
}
