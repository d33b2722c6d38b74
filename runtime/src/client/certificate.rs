//! Certificate authorities a client trusts besides the public ones: a company's own CA
//! (a TLS-inspecting proxy), or a private test server's.

use std::fmt;

use rustls::RootCertStore;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::{PemObject, SectionKind};

/// A certificate authority to trust for `https`, in addition to the public roots the
/// client always trusts (Mozilla's, built in).
///
/// It is read and checked when it is made, so a file that is not a certificate fails
/// here with a [`CertificateError`], not later on a call. Give it to
/// [`super::HttpClientBuilder::add_root_certificate`] for API calls, and to
/// [`super::OAuthCredentials::with_root_certificate`] for token refreshes when the
/// accounts server is behind the same CA.
#[derive(Clone, PartialEq, Eq)]
pub struct RootCertificate {
    der: Vec<u8>,
}

impl RootCertificate {
    /// The one certificate of a PEM file (`-----BEGIN CERTIFICATE-----`). Sections of
    /// other kinds (a private key, say) are skipped; a file with several certificates is
    /// refused with [`CertificateError::SeveralCertificates`]: read it with
    /// [`RootCertificate::from_pem_bundle`].
    pub fn from_pem(pem: &[u8]) -> Result<RootCertificate, CertificateError> {
        let mut certificates = Self::from_pem_bundle(pem)?;
        if certificates.len() > 1 {
            return Err(CertificateError::SeveralCertificates { count: certificates.len() });
        }
        certificates.pop().ok_or(CertificateError::NoCertificate)
    }

    /// Every certificate of a PEM file, in order (a CA bundle); at least one.
    pub fn from_pem_bundle(pem: &[u8]) -> Result<Vec<RootCertificate>, CertificateError> {
        let mut certificates = Vec::new();
        for section in <(SectionKind, Vec<u8>)>::pem_slice_iter(pem) {
            let (kind, der) = section.map_err(|error| CertificateError::Pem { reason: error.to_string() })?;
            if kind == SectionKind::Certificate {
                let index = certificates.len();
                certificates.push(Self::checked(der, index)?);
            }
        }
        if certificates.is_empty() {
            return Err(CertificateError::NoCertificate);
        }
        Ok(certificates)
    }

    /// A certificate in DER (binary) form.
    pub fn from_der(der: &[u8]) -> Result<RootCertificate, CertificateError> {
        Self::checked(der.to_vec(), 0)
    }

    /// The certificate in DER form.
    pub fn der(&self) -> &[u8] {
        &self.der
    }

    /// Checks that `der` can be a trust anchor the way the TLS stack will read it, so
    /// that a bad file is found now rather than when the client is built.
    fn checked(der: Vec<u8>, index: usize) -> Result<RootCertificate, CertificateError> {
        RootCertStore::empty()
            .add(CertificateDer::from(der.as_slice()))
            .map_err(|error| CertificateError::Invalid { index, reason: error.to_string() })?;
        Ok(RootCertificate { der })
    }

    /// The certificate as reqwest takes it.
    fn to_reqwest(&self) -> Result<reqwest::Certificate, reqwest::Error> {
        reqwest::Certificate::from_der(&self.der)
    }
}

/// `builder` trusting each of `certificates` besides the public roots: the one place both
/// the API client and the token refresher add the CAs they were given.
pub(super) fn trusting(
    mut builder: reqwest::ClientBuilder,
    certificates: &[RootCertificate],
) -> Result<reqwest::ClientBuilder, reqwest::Error> {
    for certificate in certificates {
        builder = builder.add_root_certificate(certificate.to_reqwest()?);
    }
    Ok(builder)
}

impl fmt::Debug for RootCertificate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RootCertificate").field("der_bytes", &self.der.len()).finish()
    }
}

/// Why a [`RootCertificate`] could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum CertificateError {
    /// The text is not well-formed PEM (a section without its end line, bad base64).
    Pem {
        /// What is wrong.
        reason: String,
    },
    /// The text holds no certificate (`-----BEGIN CERTIFICATE-----`): a key, or not PEM
    /// at all.
    NoCertificate,
    /// One certificate was asked for and the text holds several.
    SeveralCertificates {
        /// How many.
        count: usize,
    },
    /// A certificate's content cannot be read as a trust anchor.
    Invalid {
        /// Its position among the text's certificates, from 0.
        index: usize,
        /// What is wrong.
        reason: String,
    },
}

impl fmt::Display for CertificateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CertificateError::Pem { reason } => write!(f, "the certificate is not well-formed PEM: {reason}"),
            CertificateError::NoCertificate => {
                f.write_str("no certificate found (expected a `-----BEGIN CERTIFICATE-----` section)")
            }
            CertificateError::SeveralCertificates { count } => {
                write!(f, "{count} certificates where one was expected (read a bundle with `from_pem_bundle`)")
            }
            CertificateError::Invalid { index, reason } => {
                write!(f, "certificate {index} cannot be trusted as a root: {reason}")
            }
        }
    }
}

impl std::error::Error for CertificateError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_is_not_a_certificate_is_a_typed_error() {
        assert_eq!(RootCertificate::from_pem(b"").unwrap_err(), CertificateError::NoCertificate);
        assert_eq!(RootCertificate::from_pem(b"hello, world\n").unwrap_err(), CertificateError::NoCertificate);
        let key = b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
        assert_eq!(RootCertificate::from_pem(key).unwrap_err(), CertificateError::NoCertificate);
        let unended = b"-----BEGIN CERTIFICATE-----\nAAAA\n";
        assert!(matches!(RootCertificate::from_pem(unended), Err(CertificateError::Pem { .. })));
        let not_base64 = b"-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n";
        assert!(matches!(RootCertificate::from_pem(not_base64), Err(CertificateError::Pem { .. })));
        let not_der = b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert!(matches!(RootCertificate::from_pem(not_der), Err(CertificateError::Invalid { index: 0, .. })));
        assert!(matches!(RootCertificate::from_der(&[0x30, 0x03, 1, 2, 3]), Err(CertificateError::Invalid { .. })));
        for error in [RootCertificate::from_pem(not_der).unwrap_err(), CertificateError::NoCertificate] {
            assert!(!error.to_string().is_empty());
        }
    }
}
