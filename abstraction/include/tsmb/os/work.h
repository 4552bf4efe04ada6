/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Work queues: the only way core/ gets a thread.
 *
 * struct tsmb_work is embedded by the caller (its layout comes from
 * <tsmb/os_arch.h>). Both formats give the kernel's semantics:
 * - a work item that is already pending is not queued twice;
 * - a work item never runs concurrently with itself: queued while it runs,
 *   it runs once more after the current run returns;
 * - the function may free the memory holding its own work item, provided
 *   nothing can queue it again.
 * Work functions may sleep.
 */
#ifndef TSMB_OS_WORK_H
#define TSMB_OS_WORK_H

#include <tsmb/os/types.h>

struct tsmb_work;
struct tsmb_os_wq;

typedef void (*tsmb_work_fn)(struct tsmb_work *work);

void tsmb_os_work_init(struct tsmb_work *work, tsmb_work_fn fn);

/* max_active bounds how many items of this queue run at once (0: default). */
int tsmb_os_wq_create(const char *name, unsigned int max_active,
		      struct tsmb_os_wq **out) TSMB_MUST_CHECK;
/* Runs everything still queued, waits for it, then frees the queue. */
void tsmb_os_wq_destroy(struct tsmb_os_wq *wq);

/* Safe from any context, including socket callbacks. False if already pending. */
bool tsmb_os_work_queue(struct tsmb_os_wq *wq, struct tsmb_work *work);
/*
 * Removes a pending run without waiting for a running one. Safe from any
 * context, including the work function itself: a work that is about to
 * free its own item calls this once nothing can queue it any more, since
 * a run queued meanwhile would otherwise start on freed memory. True if a
 * pending run was removed.
 */
bool tsmb_os_work_cancel(struct tsmb_work *work);
/*
 * Removes a pending run and waits for a running one to return. Must not be
 * called from the work itself. True if a pending run was cancelled.
 */
bool tsmb_os_work_cancel_sync(struct tsmb_work *work);

#endif /* TSMB_OS_WORK_H */
