// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What tsmbd gives the core besides listening addresses: the services
 * behind the up-calls (in-process here; over netlink to tsmb.ko in the
 * kernel format) and the shares of tsmb.conf.
 */
#include <string.h>

#include <tsmb/os/errno.h>
#include <tsmb/os/log.h>
#include <tsmb/os/upcall.h>

#include "abstraction/posix/host.h"
#include "core/server.h"
#include "core/tree/share.h"
#include "user/service.h"
#include "user/tsmbd.h"

int tsmbd_start_services(struct tsmbd *d)
{
	int rc;

	d->svc = tsmbd_service_new(d->mem, d->conf);
	if (!d->svc) {
		tsmbd_err(d, "cannot start the login service");
		return -1;
	}
	rc = tsmb_os_upcall_create(&d->upcall);
	if (rc) {
		tsmbd_err(d, "cannot create the up-call channel: %s", strerror(-rc));
		return -1;
	}
	tsmb_posix_upcall_set_handler(d->upcall, tsmbd_service_handle, d->svc);
	return 0;
}

void tsmbd_stop_services(struct tsmbd *d)
{
	if (d->upcall) {
		tsmb_posix_upcall_set_handler(d->upcall, NULL, NULL);
		tsmb_os_upcall_destroy(d->upcall);
		d->upcall = NULL;
	}
}

/*
 * A share whose directory cannot be opened is left out with a log line,
 * as Samba does: the others still serve, and the admin sees which failed.
 */
void tsmbd_add_shares(struct tsmbd *d)
{
	const struct tsmbd_conf *conf = d->conf;
	unsigned int i;
	int rc;

	for (i = 0; i < conf->nr_shares; i++) {
		const struct tsmbd_share *sh = conf->shares[i];
		uint32_t flags = 0;

		if (sh->read_only)
			flags |= TSMB_SHARE_READ_ONLY;
		if (sh->guest_ok)
			flags |= TSMB_SHARE_GUEST_OK;
		if (sh->browseable)
			flags |= TSMB_SHARE_BROWSEABLE;
		rc = tsmb_server_add_share(d->srv, sh->name, sh->path, flags);
		if (rc)
			tsmb_os_log(TSMB_LOG_ERR, "share [%s] (%s) is not served: %s", sh->name,
				    sh->path, strerror(-rc));
	}
	rc = tsmb_server_add_share(d->srv, "IPC$", NULL, 0);
	if (rc && rc != -TSMB_EEXIST)
		tsmb_os_log(TSMB_LOG_ERR, "cannot add IPC$: %s", strerror(-rc));
}
