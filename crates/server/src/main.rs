//! Reference API server for the add-customer wizard: Partner Center-shaped
//! endpoints over SQLite, and the host of the built SPA. See README.md.
//! The server itself is the library (src/lib.rs); this is its command line.

use customer_server::{api, auth, catalog, countries, faults, jwt, openapi, origin, serve, site, store, upstream};
use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

#[derive(Debug, Parser)]
#[command(name = "customer-server", version, about = "Reference Partner Center-shaped API server for the add-customer wizard")]
struct Args {
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, env = "CUSTOMER_SERVER_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// Database: a SQLite file (created, with its directory, if missing), or
    /// a postgres://user@host:port/dbname URL (several instances may share it).
    #[arg(long, env = "CUSTOMER_SERVER_DB", default_value = "data/customers.sqlite", hide_env_values = true)]
    db: String,
    /// Seconds a replayed submit still carries the one-time admin password (default 24 h).
    #[arg(long, env = "CUSTOMER_SERVER_PASSWORD_WINDOW", default_value_t = 86_400)]
    password_window: u64,
    /// Seconds an idempotency record (the stored answer to an MS-RequestId) is kept (default 7 days).
    #[arg(long, env = "CUSTOMER_SERVER_IDEMPOTENCY_RETENTION", default_value_t = 604_800)]
    idempotency_retention: u64,
    /// Seconds between two runs of the task that removes expired passwords and records.
    #[arg(long, env = "CUSTOMER_SERVER_SWEEP_INTERVAL", default_value_t = 60)]
    sweep_interval: u64,
    /// Directory of the built SPA, served at `/`.
    #[arg(long, env = "CUSTOMER_SERVER_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Directory of the demo host page, served at `/demo/` when it exists.
    #[arg(long, env = "CUSTOMER_SERVER_DEMO", default_value = "demo")]
    demo: PathBuf,
    /// Origin allowed to embed the wizard and call the API (repeatable; comma-separated in the env).
    #[arg(long = "cors-origin", env = "CUSTOMER_SERVER_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Static bearer token for a partner, as PARTNER_ID=TOKEN (repeatable; comma-separated in the env).
    #[arg(long = "token", env = "CUSTOMER_SERVER_TOKENS", value_delimiter = ',', hide_env_values = true)]
    tokens: Vec<String>,
    /// Enables POST /v1/dev/token, which issues random tokens for a named partner, valid for an hour.
    #[arg(long, env = "CUSTOMER_SERVER_DEV_SIGN_IN")]
    dev_sign_in: bool,
    /// The identity provider's JWKS: a file, or an https:// URL (http:// only on loopback). Enables JWT bearer tokens.
    #[arg(long, env = "CUSTOMER_SERVER_JWKS")]
    jwks: Option<String>,
    /// Accepted JWT issuer (`iss`), repeatable; `{tid}` stands for the token's tenant id.
    #[arg(long = "jwt-issuer", env = "CUSTOMER_SERVER_JWT_ISSUERS", value_delimiter = ',')]
    jwt_issuers: Vec<String>,
    /// Accepted JWT audience (`aud`), repeatable: the portal's application id or URI.
    #[arg(long = "jwt-audience", env = "CUSTOMER_SERVER_JWT_AUDIENCES", value_delimiter = ',')]
    jwt_audiences: Vec<String>,
    /// Least seconds between two fetches of the JWKS (a token with an unknown key id triggers one).
    #[arg(long, env = "CUSTOMER_SERVER_JWKS_MIN_REFRESH", default_value_t = 10)]
    jwks_min_refresh: u64,
    /// Extra trusted root certificate (PEM) for an https:// JWKS served under a private CA.
    #[arg(long, env = "CUSTOMER_SERVER_JWKS_CA_FILE")]
    jwks_ca_file: Option<PathBuf>,
    /// Requests per second per partner (token bucket); exceeding it gives 429 with Retry-After.
    #[arg(long, env = "CUSTOMER_SERVER_RATE_LIMIT")]
    rate_limit: Option<f64>,
    /// Offer set: `default` (~50 offers) or `large` (at least 10,000).
    #[arg(long, env = "CUSTOMER_SERVER_CATALOG", value_enum, default_value = "default")]
    catalog: catalog::CatalogSize,
    /// Number of seeded indirect resellers.
    #[arg(long, env = "CUSTOMER_SERVER_RESELLERS", default_value_t = 1200)]
    resellers: usize,
    /// Enables the X-Fault header and POST /_faults (tests only).
    #[arg(long, env = "CUSTOMER_SERVER_FAULT_INJECTION")]
    fault_injection: bool,
    /// Times each stage of a gateway submit and read, answered by GET /_stage-timings (benchmarks only).
    #[arg(long, env = "CUSTOMER_SERVER_STAGE_TIMINGS")]
    stage_timings: bool,
    /// Seconds a client has to send a request's headers, counted from when the
    /// connection waits for one (so it also closes silent keep-alive connections).
    #[arg(long, env = "CUSTOMER_SERVER_HEADER_READ_TIMEOUT", default_value = "10", value_parser = parse_seconds)]
    header_read_timeout: Duration,
    /// Seconds for a whole request, body included, before it gets 408.
    #[arg(long, env = "CUSTOMER_SERVER_REQUEST_TIMEOUT", default_value = "30", value_parser = parse_seconds)]
    request_timeout: Duration,
    /// Largest request body in bytes; a larger one gets 413.
    #[arg(long, env = "CUSTOMER_SERVER_MAX_BODY_BYTES", default_value_t = api::DEFAULT_MAX_BODY_BYTES)]
    max_body_bytes: usize,
    /// Open connections at most; more wait in the listen backlog until one closes.
    #[arg(long, env = "CUSTOMER_SERVER_MAX_CONNECTIONS", default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..))]
    max_connections: u32,
    /// Seconds a shutdown (SIGINT/SIGTERM) waits for requests in flight before closing them.
    #[arg(long, env = "CUSTOMER_SERVER_SHUTDOWN_TIMEOUT", default_value = "10", value_parser = parse_seconds)]
    shutdown_timeout: Duration,
    /// `partner-center`: a submit creates the customer in Partner Center (gateway mode; see README).
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM", value_enum)]
    upstream: Option<Upstream>,
    /// Partner Center's API root (https://; http:// only on loopback).
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_URL", default_value = upstream::DEFAULT_API_ROOT)]
    upstream_url: String,
    /// The identity platform's token endpoint (default: the one of --upstream-tenant).
    #[arg(long, env = "PARTNER_CENTER_TOKEN_URL")]
    upstream_token_url: Option<String>,
    /// The partner's tenant id (for the default token endpoint).
    #[arg(long, env = "PARTNER_CENTER_TENANT_ID")]
    upstream_tenant: Option<String>,
    /// The application (client) id the partner consented to.
    #[arg(long, env = "PARTNER_CENTER_APP_ID")]
    upstream_app_id: Option<String>,
    /// A file holding the application's secret (else PARTNER_CENTER_APP_SECRET).
    #[arg(long, env = "PARTNER_CENTER_APP_SECRET_FILE")]
    upstream_app_secret_file: Option<PathBuf>,
    /// A file holding the partner's refresh token; rotated tokens are written
    /// back to it (mode 0600). Else PARTNER_CENTER_REFRESH_TOKEN, rotations kept in memory.
    #[arg(long, env = "PARTNER_CENTER_REFRESH_TOKEN_FILE")]
    upstream_refresh_token_file: Option<PathBuf>,
    /// Scope asked for with the access token.
    #[arg(long, env = "PARTNER_CENTER_SCOPE", default_value = upstream::DEFAULT_SCOPE)]
    upstream_scope: String,
    /// Seconds one call to Partner Center may take.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_TIMEOUT", default_value = "30", value_parser = parse_seconds)]
    upstream_timeout: Duration,
    /// Attempts of one call (same MS-RequestId) after 5xx, timeouts or 429.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_ATTEMPTS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=10))]
    upstream_attempts: u32,
    /// Seconds of the first back-off between attempts (doubled each time).
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_BACKOFF", default_value = "0.2", value_parser = parse_seconds)]
    upstream_backoff: Duration,
    /// Longest Retry-After waited for inside one request; longer ones answer 503 with it.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_MAX_RETRY_AFTER", default_value = "10", value_parser = parse_seconds)]
    upstream_max_retry_after: Duration,
    /// Seconds a forwarded read of country rules, offers or the agreement
    /// template is answered from the cache before it is revalidated.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_CACHE_TTL", default_value = "3600", value_parser = parse_seconds)]
    upstream_cache_ttl: Duration,
    /// Consecutive failed calls after which the breaker opens.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_BREAKER_FAILURES", default_value_t = 5, value_parser = clap::value_parser!(u32).range(1..))]
    upstream_breaker_failures: u32,
    /// Seconds the open breaker fails fast before a trial call.
    #[arg(long, env = "CUSTOMER_SERVER_UPSTREAM_BREAKER_COOL_DOWN", default_value = "30", value_parser = parse_seconds)]
    upstream_breaker_cool_down: Duration,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Upstream {
    /// Microsoft Partner Center's REST API.
    PartnerCenter,
}

/// An upstream URL: https://, or http:// on a loopback host (tests, a local proxy).
fn upstream_url(text: &str, what: &str) -> Result<String, String> {
    let url = url::Url::parse(text.trim()).map_err(|e| format!("{what}: not a URL ({e})"))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    match url.scheme() {
        "https" => Ok(url.as_str().trim_end_matches('/').to_owned()),
        "http" if loopback => Ok(url.as_str().trim_end_matches('/').to_owned()),
        _ => Err(format!("{what} must be an https:// URL (http:// only on loopback)")),
    }
}

/// A secret from a file (trimmed) or else from an environment variable.
fn secret_from(file: Option<&PathBuf>, variable: &str, what: &str) -> Result<String, String> {
    if let Some(path) = file {
        // Only the kind of error: never the content.
        return std::fs::read_to_string(path).map(|t| t.trim().to_owned()).map_err(|e| format!("{what} file {}: {}", path.display(), e.kind()));
    }
    Ok(std::env::var(variable).unwrap_or_default().trim().to_owned())
}

fn gateway(args: &Args) -> Result<Option<upstream::saga::Gateway>, String> {
    let Some(Upstream::PartnerCenter) = args.upstream else { return Ok(None) };
    let root = upstream_url(&args.upstream_url, "--upstream-url")?;
    let token_url = match (&args.upstream_token_url, &args.upstream_tenant) {
        (Some(url), _) => upstream_url(url, "--upstream-token-url")?,
        (None, Some(tenant)) if !tenant.trim().is_empty() && tenant.chars().all(|c| c.is_ascii_alphanumeric() || "-.".contains(c)) => {
            upstream::default_token_url(tenant.trim())
        }
        _ => return Err("--upstream partner-center needs --upstream-tenant (or --upstream-token-url)".into()),
    };
    let app_id = args.upstream_app_id.clone().filter(|a| !a.trim().is_empty()).ok_or("--upstream partner-center needs --upstream-app-id")?;
    let app_secret = secret_from(args.upstream_app_secret_file.as_ref(), "PARTNER_CENTER_APP_SECRET", "app secret")?;
    if app_secret.is_empty() {
        return Err("--upstream partner-center needs the app secret: PARTNER_CENTER_APP_SECRET or --upstream-app-secret-file".into());
    }
    let refresh_token = std::env::var("PARTNER_CENTER_REFRESH_TOKEN").unwrap_or_default();
    let credentials = upstream::token::Credentials {
        app_id: app_id.trim().to_owned(),
        app_secret: upstream::token::Secret::new(app_secret),
        refresh_token: upstream::token::Secret::new(refresh_token.trim()),
        refresh_token_file: args.upstream_refresh_token_file.clone(),
    };
    let http = reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        // A bearer token never follows a redirect to another host.
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| format!("HTTP client: {e}"))?;
    let tokens = upstream::token::TokenProvider::new(http.clone(), token_url, args.upstream_scope.clone(), credentials)?;
    let policy = upstream::client::RetryPolicy {
        attempts: args.upstream_attempts,
        timeout: args.upstream_timeout,
        backoff: args.upstream_backoff,
        max_retry_after: args.upstream_max_retry_after,
    };
    let breaker = upstream::client::BreakerPolicy { failures: args.upstream_breaker_failures, cool_down: args.upstream_breaker_cool_down };
    tracing::info!(api = %root, "gateway mode: submits create customers in Partner Center");
    Ok(Some(upstream::saga::Gateway::new(upstream::client::PartnerCenter::new(http, &root, tokens, policy, breaker), args.upstream_cache_ttl)))
}

/// A positive number of seconds, fractions allowed (`0.5`).
fn parse_seconds(text: &str) -> Result<Duration, String> {
    text.trim()
        .parse::<f64>()
        .ok()
        .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
        .map(Duration::from_secs_f64)
        .ok_or_else(|| format!("{text:?} is not a number of seconds between 0 and 86400"))
}

fn content_security_policy(cors_origins: &[String]) -> String {
    let extra: String = cors_origins.iter().map(|o| format!(" {o}")).collect();
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{extra}; base-uri 'none'; form-action 'self'; frame-ancestors 'self'{extra}; object-src 'none'"
    )
}

async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Removes one-time passwords past their window and idempotency records past
/// their retention, every `interval`.
async fn sweep_expired(store: Arc<store::Store>, interval: std::time::Duration) {
    let mut ticks = tokio::time::interval(interval);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        match store.sweep(store::unix_now()).await {
            Ok(swept) if swept != store::Swept::default() => {
                tracing::info!(passwords_cleared = swept.secrets_cleared, records_deleted = swept.records_deleted, "expired idempotency data removed")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "sweeping expired idempotency records failed"),
        }
    }
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()))
        .init();
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("tokio runtime");
    match runtime.block_on(run(args)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(message) => {
            tracing::error!("{message}");
            eprintln!("customer-server: {message}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(args: Args) -> Result<(), String> {
    let cors_origins = args.cors_origins.iter().map(|o| origin::parse(o)).collect::<Result<Vec<String>, String>>()?;
    if let Some(rate) = args.rate_limit.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return Err(format!("--rate-limit must be a positive number, not {rate}"));
    }
    let static_tokens = args.tokens.iter().map(|spec| auth::parse_static_token(spec)).collect::<Result<Vec<_>, _>>()?;
    let jwt = match &args.jwks {
        Some(jwks) => {
            let ca_pem = match &args.jwks_ca_file {
                Some(path) => Some(std::fs::read(path).map_err(|e| format!("--jwks-ca-file {}: {e}", path.display()))?),
                None => None,
            };
            let verifier = jwt::JwtVerifier::new(jwt::JwtConfig {
                jwks: jwt::JwksSource::parse(jwks)?,
                issuers: args.jwt_issuers.iter().map(|i| i.trim().to_owned()).filter(|i| !i.is_empty()).collect(),
                audiences: args.jwt_audiences.iter().map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()).collect(),
                min_refresh: std::time::Duration::from_secs(args.jwks_min_refresh),
                ca_pem,
            })?;
            let keys = verifier.preload().await.map_err(|e| format!("--jwks: {e}"))?;
            tracing::info!(keys, "JWT bearer tokens accepted");
            Some(verifier)
        }
        None if !args.jwt_issuers.is_empty() || !args.jwt_audiences.is_empty() => {
            return Err("--jwt-issuer and --jwt-audience need --jwks".into());
        }
        None => None,
    };
    if static_tokens.is_empty() && !args.dev_sign_in && jwt.is_none() {
        tracing::warn!("no --token, --jwks or --dev-sign-in: every /v1 request will get 401");
    }

    if args.idempotency_retention < args.password_window {
        return Err("--idempotency-retention must be at least --password-window".into());
    }
    if args.sweep_interval == 0 {
        return Err("--sweep-interval must be at least 1 second".into());
    }
    if args.stage_timings {
        customer_server::timing::enable();
    }
    let gateway = gateway(&args)?;
    // The URL may hold a password: only the engine is named in messages.
    let store = Arc::new(store::Store::open(&args.db).await.map_err(|e| format!("database: {e}"))?);
    tracing::info!(engine = store.engine(), "database open");
    let sweeper = tokio::spawn(sweep_expired(store.clone(), std::time::Duration::from_secs(args.sweep_interval)));
    let load = |dir: &PathBuf, what: &str| -> Result<Option<site::StaticSite>, String> {
        let site = site::StaticSite::load(dir).map_err(|e| format!("{what} {}: {e}", dir.display()))?;
        match &site {
            Some(s) => tracing::info!(files = s.len(), dir = %dir.display(), "serving {what}"),
            None => tracing::info!(dir = %dir.display(), "no {what} directory; not serving it"),
        }
        Ok(site)
    };
    let state = Arc::new(api::AppState {
        store: store.clone(),
        password_window: std::time::Duration::from_secs(args.password_window),
        idempotency_retention: std::time::Duration::from_secs(args.idempotency_retention),
        countries: countries::Countries::load(),
        catalog: catalog::Catalog::build(args.catalog),
        resellers: catalog::resellers(args.resellers),
        auth: auth::Authenticator::new(static_tokens, jwt),
        rate_limiter: args.rate_limit.map(auth::KeyedLimiter::per_second),
        abuse: auth::AbuseLimits::default(),
        faults: args.fault_injection.then(faults::FaultInjector::default),
        dev_sign_in: args.dev_sign_in,
        site: load(&args.dist, "SPA")?,
        demo: load(&args.demo, "demo")?,
        content_security_policy: content_security_policy(&cors_origins),
        openapi_json: openapi::document_json(args.dev_sign_in, args.fault_injection),
        gateway,
    });
    if args.fault_injection {
        tracing::warn!("fault injection is ON (X-Fault header and /_faults)");
    }

    let listener = tokio::net::TcpListener::bind(&args.addr).await.map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let app = api::router(state.clone(), &cors_origins, api::RequestLimits { timeout: args.request_timeout, max_body_bytes: args.max_body_bytes });
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "Listening on http://{bound}/");
        let _ = stdout.flush();
    }
    let limits = serve::ConnectionLimits {
        header_read_timeout: args.header_read_timeout,
        max_connections: args.max_connections as usize,
        shutdown_timeout: args.shutdown_timeout,
    };
    serve::serve(listener, app, limits, shutdown_signal()).await;
    sweeper.abort();
    store.close();
    tracing::info!("stopped");
    Ok(())
}
