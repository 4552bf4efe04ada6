// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Work queues for the kernel format: the kernel's own, which already give
 * the contract's semantics (no double queueing, no self-concurrency, a
 * work function may free its item).
 */
#include <linux/slab.h>
#include <linux/workqueue.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/work.h>

struct tsmb_os_wq {
	struct workqueue_struct *wq;
};

static void tsmb_work_trampoline(struct work_struct *ws)
{
	struct tsmb_work *work = container_of(ws, struct tsmb_work, ws);

	/* May free work: nothing touches it after the call. */
	work->fn(work);
}

void tsmb_os_work_init(struct tsmb_work *work, tsmb_work_fn fn)
{
	INIT_WORK(&work->ws, tsmb_work_trampoline);
	work->fn = fn;
}

int tsmb_os_wq_create(const char *name, unsigned int max_active,
		      struct tsmb_os_wq **out)
{
	struct tsmb_os_wq *wq;

	*out = NULL;
	if (max_active > WQ_MAX_ACTIVE)
		max_active = WQ_MAX_ACTIVE;
	wq = kzalloc(sizeof(*wq), GFP_KERNEL);
	if (!wq)
		return -ENOMEM;
	/*
	 * WQ_MEM_RECLAIM gives the queue a rescuer thread, so that sockets
	 * are still served when no new worker can be forked under memory
	 * pressure. max_active 0 is the kernel's default.
	 */
	wq->wq = alloc_workqueue("%s", WQ_MEM_RECLAIM, max_active, name);
	if (!wq->wq) {
		kfree(wq);
		return -ENOMEM;
	}
	*out = wq;
	return 0;
}

void tsmb_os_wq_destroy(struct tsmb_os_wq *wq)
{
	if (!wq)
		return;
	destroy_workqueue(wq->wq);	/* drains first */
	kfree(wq);
}

bool tsmb_os_work_queue(struct tsmb_os_wq *wq, struct tsmb_work *work)
{
	return queue_work(wq->wq, &work->ws);
}

bool tsmb_os_work_cancel(struct tsmb_work *work)
{
	/* Never sleeps: grabs the PENDING bit with interrupts off. */
	return cancel_work(&work->ws);
}

bool tsmb_os_work_cancel_sync(struct tsmb_work *work)
{
	return cancel_work_sync(&work->ws);
}
