//! `quiz serve`: the exam as web pages for a classroom. An axum server on a
//! current-thread tokio runtime, started only by this command (the rest of
//! `quiz` never builds a runtime). Students join from a browser, answer on
//! plain server-rendered forms, and every answer is written to the results
//! folder as it comes; SIGINT or SIGTERM ends the exam.

pub mod pages;
pub mod room;
pub mod routes;
pub mod study;
pub mod teacher;
#[cfg(test)]
mod tests;

use std::io::Write;
use std::net::{IpAddr, Ipv4Addr, SocketAddr, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::clock::Timestamp;
use crate::error::{Error, Result};
use crate::talk;
use room::{Exam, Room};
use routes::Shared;

/// Binds `listen` (before anything is printed, so a taken port is an error).
fn bind(listen: SocketAddr) -> Result<std::net::TcpListener> {
    let listener = std::net::TcpListener::bind(listen).map_err(|error| {
        Error::Usage(format!(
            "cannot listen on {listen}: {error}; another program may hold the port: give --listen 127.0.0.1:0 for a free one"
        ))
    })?;
    listener.set_nonblocking(true).map_err(|error| Error::Usage(format!("cannot listen on {listen}: {error}")))?;
    Ok(listener)
}

/// A current-thread runtime: the server's, and only the server's.
fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|error| Error::Usage(format!("cannot start the web server: {error}")))
}

/// Serves `room` on `listen` until SIGINT or SIGTERM (or, with `teacher`,
/// until the teacher ends it from the live table); prints the URL students
/// open as the first line on stdout (scripts read it), and on stderr the other
/// addresses, a QR code of the URL, and a warning when the room is reachable
/// from the network. Returns the room as it ended.
pub fn serve(room: Room, listen: SocketAddr, teacher: bool) -> Result<Room> {
    let listener = bind(listen)?;
    let url = announce(&listener, "")?;
    let runtime = runtime()?;
    let room = Arc::new(Mutex::new(room));
    let shared = Shared { room: room.clone(), now: Arc::new(|| Timestamp::now().millis()) };
    let ended = Arc::new(tokio::sync::Notify::new());
    let watcher = teacher.then(|| {
        let ended = ended.clone();
        teacher::Watcher::spawn(room.clone(), url, move || ended.notify_one())
    });
    runtime.block_on(accept(listener, routes::router(shared), &ended))?;
    if let Some(watcher) = watcher {
        watcher.stop();
    }
    // Dropping the runtime drops the connections still open (a browser left on
    // a page), and with them their handles on the room.
    drop(runtime);
    let room = Arc::try_unwrap(room).map_err(|_| Error::Usage("the web server did not stop cleanly".to_string()))?;
    Ok(room.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))
}

/// A server running on a thread of its own (the study page's, while the
/// session runs on the command's thread).
pub struct Background {
    thread: std::thread::JoinHandle<()>,
    ended: Arc<tokio::sync::Notify>,
}

impl Background {
    /// Serves `router` on `listen` in the background; the URL printed first
    /// ends with `path` (the study page's key).
    pub fn start(router: axum::Router, listen: SocketAddr, path: &str) -> Result<Background> {
        let listener = bind(listen)?;
        announce(&listener, path)?;
        let runtime = runtime()?;
        let ended = Arc::new(tokio::sync::Notify::new());
        let stop = ended.clone();
        let thread = std::thread::spawn(move || {
            let _ = runtime.block_on(accept(listener, router, &stop));
        });
        Ok(Background { thread, ended })
    }

    /// Waits until SIGINT or SIGTERM ends the server.
    pub fn wait(self) {
        let _ = self.thread.join();
    }

    /// Ends the server now.
    pub fn stop(self) {
        self.ended.notify_one();
        let _ = self.thread.join();
    }
}

/// How long a connection may take to send a request's headers (and may sit
/// idle between requests) before it is closed: a client that opens
/// connections and never sends cannot hold the server's sockets.
/// `QUIZ_HEADER_TIMEOUT_MS` changes it (tests).
pub fn header_timeout() -> Duration {
    std::env::var("QUIZ_HEADER_TIMEOUT_MS")
        .ok()
        .and_then(|millis| millis.parse().ok())
        .map_or(Duration::from_secs(10), Duration::from_millis)
}

/// Serves connections until SIGINT, SIGTERM or `ended`. Each connection is HTTP/1.1
/// with [`header_timeout`]; handlers write an answer before they reply, so a
/// connection dropped at the end loses nothing that was acknowledged.
async fn accept(listener: std::net::TcpListener, router: axum::Router, ended: &tokio::sync::Notify) -> Result<()> {
    let listener = tokio::net::TcpListener::from_std(listener)
        .map_err(|error| Error::Usage(format!("cannot start the web server: {error}")))?;
    let timeout = header_timeout();
    let stop = async {
        tokio::select! {
            () = stop_signal() => {}
            () = ended.notified() => {}
        }
    };
    tokio::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                // Out of file descriptors or the like: wait a moment rather than spin.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            () = &mut stop => return Ok(()),
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _ = hyper::server::conn::http1::Builder::new()
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(timeout)
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Prints the URL to open (first line of stdout; `path` after the host), the
/// others, a QR code, and the network warning; returns the URL.
fn announce(listener: &std::net::TcpListener, path: &str) -> Result<String> {
    let bound = listener.local_addr().map_err(|error| Error::Usage(format!("cannot listen: {error}")))?;
    let everywhere = bound.ip().is_unspecified();
    let host = match everywhere {
        true => lan_address().unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST)),
        false => bound.ip(),
    };
    let url = format!("http://{}/{path}", SocketAddr::new(host, bound.port()));
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{url}").and_then(|()| stdout.flush()).map_err(crate::output::stdout_error)?;
    if everywhere {
        talk!("Warning: listening on every network interface: anyone on this network can open it.");
        for address in local_addresses(bound.ip().is_ipv6()).into_iter().filter(|address| *address != host) {
            talk!("Also at http://{}/{path}", SocketAddr::new(address, bound.port()));
        }
    }
    // The QR code is for phones pointed at the teacher's screen, not for logs.
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    if let Some(code) = qrcode::QrCode::new(url.as_bytes()).ok().filter(|_| terminal) {
        let picture = code
            .render::<qrcode::render::unicode::Dense1x2>()
            .dark_color(qrcode::render::unicode::Dense1x2::Light)
            .light_color(qrcode::render::unicode::Dense1x2::Dark)
            .build();
        talk!("{picture}");
    }
    talk!("Open {url}; press Ctrl-C (or send SIGTERM) to stop.");
    Ok(url)
}

/// This machine's addresses (IPv4; IPv6 too when listening on `::`), up
/// interfaces only, link-local left out: where else the page can be opened.
fn local_addresses(with_ipv6: bool) -> Vec<IpAddr> {
    let mut addresses: Vec<IpAddr> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|interface| interface.is_oper_up() && !interface.is_link_local())
        .map(|interface| interface.ip())
        .filter(|ip| with_ipv6 || ip.is_ipv4())
        .collect();
    addresses.sort_by_key(|ip| (ip.is_loopback(), ip.is_ipv6(), *ip));
    addresses.dedup();
    if addresses.is_empty() {
        addresses.push(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    addresses
}

/// The address this machine reaches the network from (no packet is sent:
/// connecting a UDP socket only picks the route).
fn lan_address() -> Option<IpAddr> {
    let socket = UdpSocket::bind((Ipv4Addr::UNSPECIFIED, 0)).ok()?;
    socket.connect((Ipv4Addr::new(192, 0, 2, 1), 9)).ok()?;
    socket.local_addr().ok().map(|address| address.ip()).filter(|ip| !ip.is_unspecified())
}

/// Resolves on SIGINT or SIGTERM.
async fn stop_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}

/// The exam, kept for the life of the process: the server's handlers share it.
pub fn keep(exam: Exam) -> &'static Exam {
    Box::leak(Box::new(exam))
}
