//! `zoho-crm-mock serve <SPEC>... [--port <PORT>]`: serves a spec (or several specs on
//! one server, as one client generated from them all calls them) on `127.0.0.1` until
//! killed, for tests in any language. It prints, one per line, `endpoint_url <URL>`,
//! `accounts_url <URL>`, `access_token <TOKEN>` (every scope), `client_id <ID>`,
//! `client_secret <SECRET>` and `refresh_token <TOKEN>`, then `ready`.

use std::io::Write as _;
use std::process::ExitCode;

const USAGE: &str = "usage: zoho-crm-mock serve <SPEC>... [--port <PORT>]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (specs, port) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("cannot start the runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    runtime.block_on(async move {
        let mut texts = Vec::with_capacity(specs.len());
        for spec in &specs {
            let text = match std::fs::read_to_string(spec) {
                Ok(text) => text,
                Err(err) => {
                    eprintln!("{spec}: {err}");
                    return ExitCode::from(2);
                }
            };
            let name =
                std::path::Path::new(spec).file_name().map_or(spec.clone(), |name| name.to_string_lossy().into());
            texts.push((text, name));
        }
        let inputs: Vec<(&str, &str)> = texts.iter().map(|(text, name)| (text.as_str(), name.as_str())).collect();
        let mock = match zoho_crm_mock::ZohoMock::start_many_at(&inputs, port).await {
            Ok(mock) => mock,
            Err(err) => {
                eprintln!("{err}");
                return ExitCode::FAILURE;
            }
        };
        let mut out = std::io::stdout().lock();
        let printed = writeln!(
            out,
            "endpoint_url {}\naccounts_url {}\naccess_token {}\nclient_id {}\nclient_secret {}\nrefresh_token {}\nready",
            mock.endpoint_url(),
            mock.accounts_url(),
            zoho_crm_mock::TEST_TOKEN,
            zoho_crm_mock::CLIENT_ID,
            zoho_crm_mock::CLIENT_SECRET,
            zoho_crm_mock::REFRESH_TOKEN,
        )
        .and_then(|()| out.flush());
        drop(out);
        if printed.is_err() {
            return ExitCode::FAILURE;
        }
        // Serve until the process is killed.
        std::future::pending::<()>().await;
        drop(mock);
        ExitCode::SUCCESS
    })
}

/// The specs' paths and the port (0 when not given).
fn parse(args: &[String]) -> Result<(Vec<String>, u16), String> {
    let mut args = args.iter();
    if args.next().map(String::as_str) != Some("serve") {
        return Err("the only command is `serve`".to_owned());
    }
    let mut specs = Vec::new();
    let mut port = 0;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--port" => {
                let value = args.next().ok_or("--port needs a value")?;
                port = value.parse().map_err(|_| format!("not a port: {value}"))?;
            }
            "-h" | "--help" => return Err("serves one or more specs on 127.0.0.1".to_owned()),
            other if other.starts_with('-') => return Err(format!("unknown option {other}")),
            other => specs.push(other.to_owned()),
        }
    }
    if specs.is_empty() {
        return Err("no spec given".to_owned());
    }
    Ok((specs, port))
}
