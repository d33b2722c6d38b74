//! A real Redis server for tests, on a loopback port chosen at run time.

use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A `redis-server` child process on `127.0.0.1`, without persistence. It stops when
/// dropped.
#[derive(Debug)]
pub struct RedisServer {
    port: u16,
    password: Option<String>,
    child: Option<Child>,
}

impl RedisServer {
    /// Starts a server at a free port (`redis-server` must be installed; `.ci/run`
    /// installs it).
    pub fn start() -> RedisServer {
        RedisServer::launch(None)
    }

    /// Starts a server that asks clients for `password`.
    pub fn with_password(password: &str) -> RedisServer {
        RedisServer::launch(Some(password.to_owned()))
    }

    fn launch(password: Option<String>) -> RedisServer {
        // redis-server cannot pick its own port: take a free one from the OS, then let go.
        let port = TcpListener::bind(("127.0.0.1", 0))
            .and_then(|listener| listener.local_addr())
            .map(|address| address.port())
            .expect("a free loopback port");
        let mut server = RedisServer { port, password, child: None };
        server.resume();
        server
    }

    /// The server's URL, e.g. `redis://127.0.0.1:40123`, with the password if it asks
    /// for one.
    pub fn url(&self) -> String {
        match &self.password {
            Some(password) => format!("redis://:{password}@127.0.0.1:{}", self.port),
            None => format!("redis://127.0.0.1:{}", self.port),
        }
    }

    /// Kills the server (its data is lost, as nothing persists).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Starts the server again at the same port, empty, and waits until it accepts
    /// connections.
    pub fn resume(&mut self) {
        self.stop();
        let mut command = Command::new("redis-server");
        command.args(["--port", &self.port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]);
        if let Some(password) = &self.password {
            command.args(["--requirepass", password]);
        }
        let child = command.stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap_or_else(|error| {
            panic!("cannot start redis-server ({error}); install it: apt-get install -y redis-server")
        });
        self.child = Some(child);
        for _ in 0..500 {
            if TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        panic!("redis-server did not listen on port {} within 5 s", self.port);
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
    }
}
