// SPDX-License-Identifier: GPL-2.0-only
/*
 * SIP over TLS (RFC 3261 26.3.1, RFC 5630) with OpenSSL, TLS 1.2 or newer:
 * our certificate for both roles, peers verified against the configured
 * CA; a server we connect to must present a certificate for the address
 * we dialled (RFC 5922 7.2, IP subjectAltName for literal trunk addresses).
 * Built only with CONFIG_TLS (see the Makefile).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "log.h"
#include "sip_ua_priv.h"

static void tls_log_errors(const char *what)
{
	unsigned long e;
	char buf[256];

	while ((e = ERR_get_error())) {
		ERR_error_string_n(e, buf, sizeof(buf));
		log_notice("SIP TLS %s: %s", what, buf);
	}
}

int tls_ctx_init(struct sip_ua *ua)
{
	const struct sip_ua_conf *conf = &ua->conf;
	SSL_CTX *ctx = SSL_CTX_new(TLS_method());

	if (!ctx)
		return -ENOMEM;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
	if (conf->tls_cert[0] &&
	    (SSL_CTX_use_certificate_chain_file(ctx, conf->tls_cert) != 1 ||
	     SSL_CTX_use_PrivateKey_file(ctx, conf->tls_key[0] ? conf->tls_key : conf->tls_cert,
					 SSL_FILETYPE_PEM) != 1 ||
	     SSL_CTX_check_private_key(ctx) != 1)) {
		tls_log_errors("certificate");
		log_err("SIP TLS: cannot use certificate %s / key %s", conf->tls_cert,
			conf->tls_key);
		goto err_free;
	}
	if (conf->tls_ca[0]) {
		if (SSL_CTX_load_verify_locations(ctx, conf->tls_ca, NULL) != 1) {
			tls_log_errors("CA");
			log_err("SIP TLS: cannot load CA %s", conf->tls_ca);
			goto err_free;
		}
		/* clients are asked for a certificate, which must verify if sent */
		SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	}
	ua->tls_ctx = ctx;
	return 0;

err_free:
	SSL_CTX_free(ctx);
	return -EINVAL;
}

void tls_ctx_free(struct sip_ua *ua)
{
	SSL_CTX_free(ua->tls_ctx);
	ua->tls_ctx = NULL;
}

int tls_conn_start(struct sip_conn *c, bool server)
{
	SSL *ssl;

	if (!c->ua->tls_ctx)
		return -EPROTONOSUPPORT;
	ssl = SSL_new(c->ua->tls_ctx);
	if (!ssl)
		return -ENOMEM;
	if (SSL_set_fd(ssl, c->fd) != 1)
		goto err_free;
	if (server) {
		SSL_set_accept_state(ssl);
	} else {
		char ip[INET6_ADDRSTRLEN];
		const void *a =
			c->peer.ss_family == AF_INET6
				? (const void *)&((struct sockaddr_in6 *)&c->peer)->sin6_addr
				: (const void *)&((struct sockaddr_in *)&c->peer)->sin_addr;

		/* the name to verify: the address we dialled */
		inet_ntop(c->peer.ss_family, a, ip, sizeof(ip));
		if (c->ua->conf.tls_ca[0] &&
		    X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), ip) != 1)
			goto err_free;
		if (!c->ua->conf.tls_ca[0])
			SSL_set_verify(ssl, SSL_VERIFY_NONE, NULL);
		SSL_set_connect_state(ssl);
	}
	c->tls = ssl;
	return 0;

err_free:
	SSL_free(ssl);
	return -EINVAL;
}

void tls_conn_free(struct sip_conn *c)
{
	if (!c->tls)
		return;
	SSL_shutdown(c->tls);
	SSL_free(c->tls);
	c->tls = NULL;
}

static long tls_result(struct sip_conn *c, int n, const char *what)
{
	switch (SSL_get_error(c->tls, n)) {
	case SSL_ERROR_WANT_READ:
	case SSL_ERROR_WANT_WRITE:
		return -EAGAIN;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	default:
		if (SSL_get_verify_result(c->tls) != X509_V_OK)
			log_notice("SIP TLS %s: peer certificate: %s", what,
				   X509_verify_cert_error_string(SSL_get_verify_result(c->tls)));
		tls_log_errors(what);
		return -EPROTO;
	}
}

long tls_conn_read(struct sip_conn *c, char *buf, size_t len)
{
	int n = SSL_read(c->tls, buf, len > INT32_MAX ? INT32_MAX : (int)len);

	return n > 0 ? n : tls_result(c, n, "read");
}

long tls_conn_write(struct sip_conn *c, const char *buf, size_t len)
{
	int n = SSL_write(c->tls, buf, len > INT32_MAX ? INT32_MAX : (int)len);

	return n > 0 ? n : tls_result(c, n, "write");
}

bool sip_tls_available(void)
{
	return true;
}
