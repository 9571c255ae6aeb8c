//! Reference API server for the add-customer wizard: Partner Center-shaped
//! endpoints over SQLite, and the host of the built SPA. See README.md.
//! The server itself is the library (src/lib.rs); this is its command line.

use customer_server::{api, auth, catalog, countries, faults, openapi, site, store};
use clap::Parser;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(Debug, Parser)]
#[command(name = "customer-server", version, about = "Reference Partner Center-shaped API server for the add-customer wizard")]
struct Args {
    /// Address to listen on; port 0 picks a free port (printed on start).
    #[arg(long, env = "CUSTOMER_SERVER_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// SQLite database file (created, with its directory, if missing).
    #[arg(long, env = "CUSTOMER_SERVER_DB", default_value = "data/customers.sqlite")]
    db: PathBuf,
    /// Directory of the built SPA, served at `/`.
    #[arg(long, env = "CUSTOMER_SERVER_DIST", default_value = "dist")]
    dist: PathBuf,
    /// Directory of the demo host page, served at `/demo/` when it exists.
    #[arg(long, env = "CUSTOMER_SERVER_DEMO", default_value = "demo")]
    demo: PathBuf,
    /// Origin allowed to embed the wizard and call the API (repeatable; comma-separated in the env).
    #[arg(long = "cors-origin", env = "CUSTOMER_SERVER_CORS_ORIGINS", value_delimiter = ',')]
    cors_origins: Vec<String>,
    /// Static bearer token accepted by the API (repeatable; comma-separated in the env).
    #[arg(long = "token", env = "CUSTOMER_SERVER_TOKENS", value_delimiter = ',', hide_env_values = true)]
    tokens: Vec<String>,
    /// Enables POST /v1/dev/token, which issues random tokens valid for an hour.
    #[arg(long, env = "CUSTOMER_SERVER_DEV_SIGN_IN")]
    dev_sign_in: bool,
    /// Requests per second per token (token bucket); exceeding it gives 429 with Retry-After.
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
}

fn content_security_policy(cors_origins: &[String]) -> String {
    let extra: String = cors_origins.iter().map(|o| format!(" {}", o.trim_end_matches('/'))).collect();
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
    for origin in &args.cors_origins {
        if !(origin.starts_with("http://") || origin.starts_with("https://")) || origin.contains(char::is_whitespace) {
            return Err(format!("--cors-origin {origin:?} is not an origin like https://portal.example.com"));
        }
    }
    if let Some(rate) = args.rate_limit.filter(|r| !(r.is_finite() && *r > 0.0)) {
        return Err(format!("--rate-limit must be a positive number, not {rate}"));
    }
    if args.tokens.is_empty() && !args.dev_sign_in {
        tracing::warn!("no --token and no --dev-sign-in: every /v1 request will get 401");
    }

    let store = Arc::new(store::Store::open(&args.db).map_err(|e| format!("database {}: {e}", args.db.display()))?);
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
        countries: countries::Countries::load(),
        catalog: catalog::Catalog::build(args.catalog),
        resellers: catalog::resellers(args.resellers),
        tokens: auth::Tokens::new(&args.tokens),
        rate_limiter: args.rate_limit.map(auth::RateLimiter::new),
        faults: args.fault_injection.then(faults::FaultInjector::default),
        dev_sign_in: args.dev_sign_in,
        site: load(&args.dist, "SPA")?,
        demo: load(&args.demo, "demo")?,
        content_security_policy: content_security_policy(&args.cors_origins),
        openapi_json: openapi::document_json(),
    });
    if args.fault_injection {
        tracing::warn!("fault injection is ON (X-Fault header and /_faults)");
    }

    let listener = tokio::net::TcpListener::bind(&args.addr).await.map_err(|e| format!("cannot listen on {}: {e}", args.addr))?;
    let bound = listener.local_addr().map_err(|e| e.to_string())?;
    let app = api::router(state.clone(), &args.cors_origins);
    {
        use std::io::Write;
        let mut stdout = std::io::stdout().lock();
        let _ = writeln!(stdout, "Listening on http://{bound}/");
        let _ = stdout.flush();
    }
    axum::serve(faults::KillableListener(listener), app.into_make_service_with_connect_info::<faults::KillSwitch>())
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|e| format!("server error: {e}"))?;
    store.close();
    tracing::info!("stopped");
    Ok(())
}
