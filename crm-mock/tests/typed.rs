//! Typed handlers over a generated client's own types: the Share Records client, whose
//! answers use other keys before v3, reads what a typed handler returned in every version
//! the test asks in, because the mock encodes the output as the client's models do for
//! the request's version.

use zoho_crm_mock::{TEST_TOKEN, ZohoMock};
use zoho_share_records::runtime::BaseUrl;
use zoho_share_records::runtime::client::{HttpClient, StaticToken};
use zoho_share_records::{ApiVersion, Client, Endpoint, GetSharedRecordDetails, Module, SharedRecordDetails};

const SHARE: &str = include_str!("../../spec/share_records.yaml");

/// The spec's sample answer of success for `version`, read as the typed output.
fn sample_output(version: &str) -> SharedRecordDetails {
    let (spec, _) = zoho_crm_codegen::load(SHARE, "share_records.yaml").expect("the spec reads");
    let operation = spec.operations.iter().find(|op| op.name.as_deref() == Some("get_shared_record_details")).unwrap();
    let sample = operation
        .sample_responses()
        .iter()
        .find(|sample| sample.error.is_none() && sample.version.as_deref() == Some(version))
        .and_then(|sample| sample.body.clone())
        .expect("a sample answer of that version");
    serde_json::from_str(&sample).expect("the sample reads as the output")
}

#[tokio::test]
async fn a_typed_output_is_encoded_for_the_version_of_the_request() {
    let mock = ZohoMock::start(SHARE).await.unwrap();
    let newest = ApiVersion::default();
    let output = sample_output(newest.as_str());
    let returned = output.clone();
    mock.on_operation::<GetSharedRecordDetails>(move |_| Ok(returned.clone())).unwrap();

    let url = BaseUrl::parse(&mock.endpoint_url()).unwrap();
    let mut bodies = Vec::new();
    for version in [ApiVersion::V2_1, newest] {
        let raw = reqwest::Client::new()
            .get(format!("{}/crm/{version}/Contacts/4150868000004381115/actions/share", mock.endpoint_url()))
            .header("Authorization", format!("Zoho-oauthtoken {TEST_TOKEN}"))
            .send()
            .await
            .unwrap();
        bodies.push(raw.text().await.unwrap());
        let endpoint = Endpoint::with_base_url(url.clone()).with_version(version);
        let client = Client::new(endpoint, HttpClient::builder(StaticToken::new(TEST_TOKEN)).build().unwrap());
        let details = client.get_shared_record_details(Module::Contacts, 4150868000004381115u64).send().await;
        assert_eq!(details.expect("the answer reads"), output, "in {version}");
        assert_eq!(mock.requests().last().map(|request| request.status), Some(200));
    }
    assert_ne!(bodies[0], bodies[1], "the versions' keys differ");
}
