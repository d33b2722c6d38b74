//! An [`Operation`] bound to the endpoint it is sent to: the [`Exchange`] the client sends.

use super::Exchange;
use crate::http::{HeaderMap, Method, Request, StatusCode};
use crate::{AccessToken, BaseUrl, BuildError, Endpoint, Operation, ResponseError, ScopeRequirement};

/// An operation and the endpoint it goes to; the token's API domain, when the client
/// honours it, replaces the endpoint's base URL and keeps its version and download domain.
#[derive(Debug)]
pub struct Bound<'a, O: Operation> {
    operation: &'a O,
    endpoint: &'a Endpoint<O::Version>,
}

impl<'a, O: Operation> Bound<'a, O> {
    /// Binds `operation` to `endpoint`.
    pub fn new(operation: &'a O, endpoint: &'a Endpoint<O::Version>) -> Self {
        Bound { operation, endpoint }
    }
}

impl<O> Exchange for Bound<'_, O>
where
    O: Operation + Sync,
    O::Output: Send,
{
    type Output = O::Output;
    type Error = O::Error;

    fn name(&self) -> &'static str {
        O::NAME
    }

    fn idempotent(&self) -> bool {
        O::IDEMPOTENT
    }

    fn required_scopes(&self) -> ScopeRequirement {
        self.operation.required_scopes()
    }

    fn route(&self) -> (Method, &'static str) {
        (O::METHOD, O::PATH)
    }

    fn configured_base_url(&self) -> &BaseUrl {
        self.endpoint.base_url()
    }

    fn to_http(&self, token: &AccessToken, api_domain: Option<&BaseUrl>) -> Result<Request<Vec<u8>>, BuildError> {
        match api_domain {
            Some(base_url) => self.operation.to_http(&self.endpoint.at_base_url(base_url.clone()), token),
            None => self.operation.to_http(self.endpoint, token),
        }
    }

    fn parse_response(
        &self,
        status: StatusCode,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Result<O::Output, ResponseError<O::Error>> {
        self.operation.parse_response(status, headers, body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::fixtures::us;
    use crate::operation::fixtures::Call;

    #[test]
    fn a_moved_call_keeps_the_download_domain() {
        let download = Call::Download { url: "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip".to_owned() };
        let endpoint = us();
        let bound = Bound::new(&download, &endpoint);
        let token = AccessToken::new("t");
        let api_domain = BaseUrl::trusted("https://www.zohoapis.eu");
        let request = bound.to_http(&token, Some(&api_domain)).unwrap();
        assert_eq!(request.uri(), "https://download-accl.zoho.com/v2/crm/1/bulk-write/2/2.zip");
        let relative = Call::Download { url: "/crm/bulk/v8/read/1/result".to_owned() };
        let request = Bound::new(&relative, &endpoint).to_http(&token, Some(&api_domain)).unwrap();
        assert_eq!(request.uri(), "https://www.zohoapis.eu/crm/bulk/v8/read/1/result");
        let elsewhere = Call::Download { url: "https://www.zohoapis.com/x".to_owned() };
        assert!(Bound::new(&elsewhere, &endpoint).to_http(&token, Some(&api_domain)).is_err());
    }
}
