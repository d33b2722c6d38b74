//! Where a [`RefreshingToken`](super::RefreshingToken) keeps its access token, so that
//! processes can share one: in memory (one process), in a file (across restarts), or in
//! Redis (a fleet, with the `redis` feature).

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};

use super::BoxFuture;
use super::token::Token;
use crate::{AccessToken, BaseUrl};

/// An access token as a store keeps it: its expiry is wall-clock time, which other
/// processes can read. Its `Debug` output is redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredToken {
    /// The token.
    pub access_token: AccessToken,
    /// The API domain the OAuth server named, if any.
    pub api_domain: Option<BaseUrl>,
    /// When the token expires, if known.
    pub expires_at: Option<SystemTime>,
}

impl StoredToken {
    /// The stored form of `token`.
    pub fn from_token(token: &Token) -> Self {
        // Whole milliseconds, as the stores keep it, so that a token read back is equal.
        let expires_at = token.expires_at.map(|at| {
            let at = SystemTime::now() + at.saturating_duration_since(Instant::now());
            let millis = at.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as u64);
            UNIX_EPOCH + Duration::from_millis(millis)
        });
        StoredToken { access_token: token.access_token.clone(), api_domain: token.api_domain.clone(), expires_at }
    }

    /// The token to send, its expiry read against this process's clock.
    pub fn to_token(&self) -> Token {
        let mut token = Token::new(self.access_token.clone());
        token.api_domain = self.api_domain.clone();
        token.expires_at =
            self.expires_at.map(|at| Instant::now() + at.duration_since(SystemTime::now()).unwrap_or(Duration::ZERO));
        token
    }

    /// Milliseconds since the Unix epoch at which the token expires, if known.
    pub fn expires_at_millis(&self) -> Option<u64> {
        self.expires_at.map(|at| at.duration_since(UNIX_EPOCH).map_or(0, |since| since.as_millis() as u64))
    }

    /// The token as JSON text, the form the file and Redis stores keep. It holds the
    /// secret: write it only where secrets may go.
    pub fn to_json(&self) -> String {
        json!({
            "access_token": self.access_token.expose_secret(),
            "api_domain": self.api_domain.as_ref().map(BaseUrl::as_str),
            "expires_at_ms": self.expires_at_millis(),
        })
        .to_string()
    }

    /// Reads [`StoredToken::to_json`]'s text back.
    pub fn from_json(text: &str) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::new(format!("the stored token is unreadable: {what}"));
        let value: Value = serde_json::from_str(text).map_err(|_| corrupt("not JSON"))?;
        let access_token = value.get("access_token").and_then(Value::as_str).ok_or_else(|| corrupt("no token"))?;
        let api_domain = match value.get("api_domain").and_then(Value::as_str) {
            Some(domain) => Some(BaseUrl::parse(domain).map_err(|_| corrupt("`api_domain` is not a URL"))?),
            None => None,
        };
        let expires_at =
            value.get("expires_at_ms").and_then(Value::as_u64).map(|millis| UNIX_EPOCH + Duration::from_millis(millis));
        Ok(StoredToken { access_token: AccessToken::new(access_token), api_domain, expires_at })
    }
}

/// The right to refresh for everyone who shares a store, numbered: a later holder's
/// number is higher, so a store can refuse a token from a holder whose lock expired
/// while someone newer refreshed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Fence(pub u64);

/// A store could not be read or written (e.g. Redis is unreachable). The refreshing
/// token source then refreshes on its own rather than fail.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError {
    message: String,
}

impl StoreError {
    /// An error with this message (which must hold no secret).
    pub fn new(message: impl Into<String>) -> Self {
        StoreError { message: message.into() }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "token store: {}", self.message)
    }
}

impl std::error::Error for StoreError {}

/// Where access tokens are kept and who may refresh them.
///
/// A refresh goes: [`TokenStore::try_lock`]; if granted, refresh, [`TokenStore::save`]
/// with the fence, [`TokenStore::unlock`]; if not, wait and [`TokenStore::load`] again
/// until the holder's token appears or its lock expires.
pub trait TokenStore: fmt::Debug + Send + Sync {
    /// The token kept, if any.
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredToken>, StoreError>>;

    /// Takes the right to refresh for `ttl` (after which it lapses by itself, so that a
    /// holder that dies does not block the others); `None` when someone else holds it.
    fn try_lock(&self, ttl: Duration) -> BoxFuture<'_, Result<Option<Fence>, StoreError>>;

    /// Keeps `token`, refreshed under `fence`; `false` (and nothing kept) when a token
    /// from a newer fence is already there.
    fn save<'a>(&'a self, token: &'a StoredToken, fence: Fence) -> BoxFuture<'a, Result<bool, StoreError>>;

    /// Gives the right to refresh back, if `fence` still holds it.
    fn unlock(&self, fence: Fence) -> BoxFuture<'_, Result<(), StoreError>>;

    /// Zoho rejected `rejected`: forget it, if it is still the token kept.
    fn discard<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<(), StoreError>>;

    /// How long the OAuth server is known to refuse refreshes still, if it is.
    fn refusal(&self) -> BoxFuture<'_, Result<Option<Duration>, StoreError>> {
        Box::pin(async { Ok(None) })
    }

    /// The OAuth server refused a refresh for too many: tell the others to wait `wait`.
    fn note_refusal(&self, wait: Duration) -> BoxFuture<'_, Result<(), StoreError>> {
        let _ = wait;
        Box::pin(async { Ok(()) })
    }
}

/// The token in this process's memory: the default, for one process.
#[derive(Debug, Default)]
pub struct MemoryStore {
    token: Mutex<Option<StoredToken>>,
    fences: AtomicU64,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        MemoryStore::default()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<StoredToken>> {
        self.token.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl TokenStore for MemoryStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredToken>, StoreError>> {
        let token = self.slot().clone();
        Box::pin(async move { Ok(token) })
    }

    /// Always granted: the token source refreshes one at a time within a process.
    fn try_lock(&self, _: Duration) -> BoxFuture<'_, Result<Option<Fence>, StoreError>> {
        let fence = Fence(self.fences.fetch_add(1, Ordering::Relaxed) + 1);
        Box::pin(async move { Ok(Some(fence)) })
    }

    fn save<'a>(&'a self, token: &'a StoredToken, _: Fence) -> BoxFuture<'a, Result<bool, StoreError>> {
        *self.slot() = Some(token.clone());
        Box::pin(async { Ok(true) })
    }

    fn unlock(&self, _: Fence) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async { Ok(()) })
    }

    fn discard<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<(), StoreError>> {
        let mut slot = self.slot();
        if slot.as_ref().is_some_and(|token| token.access_token == *rejected) {
            *slot = None;
        }
        Box::pin(async { Ok(()) })
    }
}

/// The token in a file, so that it outlives the process: a restart reuses it instead of
/// refreshing. The file is replaced whole (written aside, then renamed) and readable by
/// its owner only. It does not coordinate processes: for a fleet, use Redis.
#[derive(Debug)]
pub struct FileStore {
    path: PathBuf,
}

impl FileStore {
    /// A store at `path` (created on the first save).
    pub fn new(path: impl Into<PathBuf>) -> Self {
        FileStore { path: path.into() }
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn read(&self) -> Result<Option<StoredToken>, StoreError> {
        match std::fs::read_to_string(&self.path) {
            Ok(text) => StoredToken::from_json(&text).map(Some),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(error) => Err(self.failure("read", &error)),
        }
    }

    fn write(&self, token: &StoredToken) -> Result<(), StoreError> {
        let (aside, file) = self.create_aside().map_err(|error| self.failure("write", &error))?;
        let written =
            write_and_sync(file, token.to_json().as_bytes()).and_then(|()| std::fs::rename(&aside, &self.path));
        if let Err(error) = written {
            let _ = std::fs::remove_file(&aside);
            return Err(self.failure("write", &error));
        }
        Ok(())
    }

    /// A new file beside the token's, only its owner can read and write, at a name no one
    /// can guess: created exclusively, so that a file or a symlink planted at the name is
    /// refused rather than written through, and two saves never share one.
    fn create_aside(&self) -> std::io::Result<(PathBuf, std::fs::File)> {
        static SAVES: AtomicU64 = AtomicU64::new(0);
        let name = self.path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
        let mut last = None;
        // A name taken (by a planted file, say) is passed over for another random one.
        for _ in 0..16 {
            let save = SAVES.fetch_add(1, Ordering::Relaxed);
            let unique = format!(".{name}.{}.{save}.{:016x}.tmp", std::process::id(), fastrand::u64(..));
            let aside = self.path.with_file_name(unique);
            match owner_only_file(&aside) {
                Ok(file) => return Ok((aside, file)),
                Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => last = Some(error),
                Err(error) => return Err(error),
            }
        }
        Err(last.unwrap_or_else(|| std::io::Error::from(std::io::ErrorKind::AlreadyExists)))
    }

    fn failure(&self, what: &str, error: &std::io::Error) -> StoreError {
        StoreError::new(format!("cannot {what} {}: {error}", self.path.display()))
    }
}

fn write_and_sync(mut file: std::fs::File, bytes: &[u8]) -> std::io::Result<()> {
    file.write_all(bytes)?;
    file.sync_all()
}

/// A new file that only its owner can read and write, from its creation on. `create_new`
/// fails if anything is at `path`, a symlink included (it is not followed).
fn owner_only_file(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)
}

impl TokenStore for FileStore {
    fn load(&self) -> BoxFuture<'_, Result<Option<StoredToken>, StoreError>> {
        Box::pin(async move { self.read() })
    }

    /// Always granted: a file does not coordinate processes.
    fn try_lock(&self, _: Duration) -> BoxFuture<'_, Result<Option<Fence>, StoreError>> {
        Box::pin(async { Ok(Some(Fence(0))) })
    }

    fn save<'a>(&'a self, token: &'a StoredToken, _: Fence) -> BoxFuture<'a, Result<bool, StoreError>> {
        Box::pin(async move { self.write(token).map(|()| true) })
    }

    fn unlock(&self, _: Fence) -> BoxFuture<'_, Result<(), StoreError>> {
        Box::pin(async { Ok(()) })
    }

    fn discard<'a>(&'a self, rejected: &'a AccessToken) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            if self.read()?.is_some_and(|token| token.access_token == *rejected) {
                std::fs::remove_file(&self.path).map_err(|error| self.failure("remove", &error))?;
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn sample() -> StoredToken {
        let mut token = Token::new(AccessToken::new("1000.stored-secret"));
        token.api_domain = Some(BaseUrl::trusted("https://www.zohoapis.eu"));
        token.expires_at = Some(Instant::now() + Duration::from_secs(3600));
        StoredToken::from_token(&token)
    }

    #[test]
    fn a_stored_token_survives_json_and_prints_no_secret() {
        let stored = sample();
        let back = StoredToken::from_json(&stored.to_json()).unwrap();
        assert_eq!(back.access_token, stored.access_token);
        assert_eq!(back.expires_at_millis(), stored.expires_at_millis());
        assert!(back.to_token().is_fresh(Duration::from_secs(3500)));
        assert!(!format!("{back:?}").contains("stored-secret"));
        assert!(StoredToken::from_json("{\"access_token\": 5}").is_err());
    }

    /// A fresh directory for one test.
    fn scratch(test: &str) -> PathBuf {
        let directory = std::env::temp_dir().join(format!("zoho-token-store-{test}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&directory);
        std::fs::create_dir_all(&directory).unwrap();
        directory
    }

    /// The aside name a save used before: one per process, so anyone could plant it.
    fn predictable_aside(path: &Path) -> PathBuf {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        path.with_file_name(format!(".{name}.{}.tmp", std::process::id()))
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn files_planted_where_a_save_writes_aside_are_neither_written_nor_followed() {
        use std::os::unix::fs::PermissionsExt;
        let directory = scratch("planted");
        let store = FileStore::new(directory.join("token.json"));
        let victim = directory.join("victim");
        std::fs::write(&victim, "untouched").unwrap();
        let aside = predictable_aside(store.path());
        std::os::unix::fs::symlink(&victim, &aside).unwrap();
        let stored = sample();
        assert!(store.save(&stored, Fence(1)).await.unwrap());
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched", "the symlink was followed");
        assert!(std::fs::symlink_metadata(&aside).unwrap().file_type().is_symlink());

        std::fs::remove_file(&aside).unwrap();
        std::fs::write(&aside, "planted").unwrap();
        std::fs::set_permissions(&aside, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(store.save(&stored, Fence(2)).await.unwrap());
        assert_eq!(std::fs::read_to_string(&aside).unwrap(), "planted", "the planted file was written");
        let mode = std::fs::metadata(store.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the token file took the planted file's mode");
        assert_eq!(store.load().await.unwrap(), Some(stored));

        // An aside name that is taken, by a symlink or anything else, is refused.
        assert_eq!(owner_only_file(&victim).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        std::fs::remove_file(&aside).unwrap();
        std::os::unix::fs::symlink(&victim, &aside).unwrap();
        assert_eq!(owner_only_file(&aside).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn concurrent_saves_to_one_path_all_succeed_and_leave_nothing_aside() {
        let directory = scratch("concurrent");
        let store = Arc::new(FileStore::new(directory.join("token.json")));
        let tasks: Vec<_> = (0..16)
            .map(|_| {
                let store = Arc::clone(&store);
                tokio::spawn(async move {
                    let mut failures = Vec::new();
                    for _ in 0..50 {
                        if let Err(error) = store.save(&sample(), Fence(0)).await {
                            failures.push(error);
                        }
                    }
                    failures
                })
            })
            .collect();
        let mut failures = Vec::new();
        for task in tasks {
            failures.extend(task.await.unwrap());
        }
        assert!(failures.is_empty(), "{} saves failed, e.g. {:?}", failures.len(), failures.first());
        let kept = store.load().await.unwrap().expect("a token");
        assert_eq!(kept.access_token, sample().access_token);
        let names: Vec<_> = std::fs::read_dir(&directory).unwrap().map(|entry| entry.unwrap().file_name()).collect();
        assert_eq!(names, ["token.json"], "nothing is left aside");
        std::fs::remove_dir_all(&directory).unwrap();
    }

    #[tokio::test]
    async fn the_file_store_replaces_whole_files_only_its_owner_reads() {
        let directory = std::env::temp_dir().join(format!("zoho-token-store-{}", std::process::id()));
        std::fs::create_dir_all(&directory).unwrap();
        let store = FileStore::new(directory.join("token.json"));
        assert_eq!(store.load().await.unwrap(), None);
        let stored = sample();
        assert!(store.save(&stored, Fence(1)).await.unwrap());
        assert_eq!(store.load().await.unwrap(), Some(stored.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let leftovers = std::fs::read_dir(&directory).unwrap().count();
        assert_eq!(leftovers, 1, "nothing is left aside");
        store.discard(&AccessToken::new("another")).await.unwrap();
        assert!(store.load().await.unwrap().is_some(), "only the token kept is discarded");
        store.discard(&stored.access_token).await.unwrap();
        assert_eq!(store.load().await.unwrap(), None);
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
