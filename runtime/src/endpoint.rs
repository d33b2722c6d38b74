//! Where requests go: API versions, data centres and the endpoint that joins them.

use std::fmt;
use std::hash::Hash;

use crate::enums::ValueEnum;
use crate::url::BaseUrl;

/// The version enum of an API (`ApiVersion` in generated code): ordered oldest first.
pub trait Version: ValueEnum + Ord + Hash + fmt::Debug + fmt::Display + Send + Sync {
    /// The version requests use unless told otherwise.
    const DEFAULT: Self;

    /// The version as URLs write it, e.g. `v8`.
    fn as_str(self) -> &'static str {
        self.wire()
    }
}

/// A data centre of an API (`DataCentre` in generated code): where its production
/// environment is served.
pub trait Region: Copy {
    /// The base URL of the data centre's production environment.
    fn base_url(self) -> BaseUrl;

    /// The base URL of the data centre's file download host, e.g.
    /// `https://download-accl.zoho.com`, to which URL parameters (a `download_url` an
    /// earlier answer gave) may point; `None` when the data centre has none.
    fn download_domain(self) -> Option<BaseUrl> {
        None
    }
}

/// A data centre that hosts several environments (production, sandbox, …).
pub trait Environments: Region {
    /// The environment enum.
    type Environment: Copy;

    /// The base URL of an environment of the data centre.
    fn base_url_in(self, environment: Self::Environment) -> BaseUrl;
}

/// Where requests go: a base URL, the API version `V` they use by default and, for
/// operations whose URL an earlier answer gave, the data centre's download host.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Endpoint<V> {
    base_url: BaseUrl,
    version: V,
    download_domain: Option<BaseUrl>,
}

impl<V: Version> Endpoint<V> {
    /// A data centre's production environment, with the default version.
    pub fn new(data_centre: impl Region) -> Self {
        Endpoint {
            base_url: data_centre.base_url(),
            version: V::DEFAULT,
            download_domain: data_centre.download_domain(),
        }
    }

    /// An environment of a data centre, with the default version.
    pub fn in_environment<D: Environments>(data_centre: D, environment: D::Environment) -> Self {
        Endpoint {
            base_url: data_centre.base_url_in(environment),
            version: V::DEFAULT,
            download_domain: data_centre.download_domain(),
        }
    }

    /// An explicit base URL (a sandbox, a proxy, a test server), with the default version
    /// and no download domain.
    pub fn with_base_url(base_url: BaseUrl) -> Self {
        Endpoint { base_url, version: V::DEFAULT, download_domain: None }
    }

    /// The same endpoint with another default version.
    pub fn with_version(mut self, version: V) -> Self {
        self.version = version;
        self
    }

    /// The same endpoint with another download domain: the host (a test server, a proxy)
    /// that URL parameters may point to besides the endpoint's own.
    pub fn with_download_domain(mut self, domain: BaseUrl) -> Self {
        self.download_domain = Some(domain);
        self
    }

    /// The same endpoint (version and download domain) at another base URL, e.g. the API
    /// domain a token names.
    pub fn at_base_url(&self, base_url: BaseUrl) -> Self {
        Endpoint { base_url, version: self.version, download_domain: self.download_domain.clone() }
    }

    /// The version requests use unless they name one.
    pub fn version(&self) -> V {
        self.version
    }
}

impl<V> Endpoint<V> {
    /// The base URL.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// The base URL of the download host that URL parameters may point to, if any.
    pub fn download_domain(&self) -> Option<&BaseUrl> {
        self.download_domain.as_ref()
    }
}

/// A version enum and data centres for tests.
#[cfg(test)]
pub(crate) mod fixtures {
    use super::*;

    /// The one version of the test API.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub(crate) enum Ver {
        V8,
    }

    impl ValueEnum for Ver {
        const WHAT: &'static str = "API version";
        const ALL: &'static [Ver] = &[Ver::V8];
        const WIRE: &'static [&'static str] = &["v8"];
    }

    impl fmt::Display for Ver {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.wire())
        }
    }

    impl Version for Ver {
        const DEFAULT: Ver = Ver::V8;
    }

    /// A data centre with a download host, and one without.
    #[derive(Clone, Copy, Debug)]
    pub(crate) enum Dc {
        Us,
        Plain,
    }

    impl Region for Dc {
        fn base_url(self) -> BaseUrl {
            BaseUrl::trusted("https://www.zohoapis.com")
        }

        fn download_domain(self) -> Option<BaseUrl> {
            match self {
                Dc::Us => Some(BaseUrl::trusted("https://download-accl.zoho.com")),
                Dc::Plain => None,
            }
        }
    }

    impl Environments for Dc {
        type Environment = bool;

        fn base_url_in(self, sandbox: bool) -> BaseUrl {
            BaseUrl::trusted(if sandbox { "https://sandbox.zohoapis.com" } else { "https://www.zohoapis.com" })
        }
    }

    /// The US data centre's endpoint.
    pub(crate) fn us() -> Endpoint<Ver> {
        Endpoint::new(Dc::Us)
    }
}

#[cfg(test)]
mod tests {
    use super::fixtures::{Dc, Ver};
    use super::*;

    #[test]
    fn endpoints_keep_the_data_centres_download_domain() {
        let download = BaseUrl::trusted("https://download-accl.zoho.com");
        let us: Endpoint<Ver> = Endpoint::new(Dc::Us);
        assert_eq!(us.download_domain(), Some(&download));
        assert_eq!(Endpoint::<Ver>::new(Dc::Plain).download_domain(), None);
        let sandbox: Endpoint<Ver> = Endpoint::in_environment(Dc::Us, true);
        assert_eq!(sandbox.base_url().as_str(), "https://sandbox.zohoapis.com");
        assert_eq!(sandbox.download_domain(), Some(&download));
        let custom = Endpoint::<Ver>::with_base_url(BaseUrl::trusted("http://127.0.0.1:9"));
        assert_eq!(custom.download_domain(), None);
        let test_download = BaseUrl::trusted("http://127.0.0.1:10");
        let custom = custom.with_download_domain(test_download.clone());
        assert_eq!(custom.download_domain(), Some(&test_download));
        let moved = us.at_base_url(BaseUrl::trusted("https://www.zohoapis.eu"));
        assert_eq!(moved.base_url().as_str(), "https://www.zohoapis.eu");
        assert_eq!((moved.version(), moved.download_domain()), (Ver::V8, Some(&download)));
    }
}
