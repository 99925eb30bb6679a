//! The seller's signature on a 206 message: an enveloped XML-DSig
//! signature in `TDiep/CKSNNT` over `TDiep/DLieu` (by its `Id`) and over the
//! signature's own `Object` (the signing time), RSA-SHA256, inclusive C14N
//! 1.0 without comments, the certificate in `KeyInfo/X509Data`.
//!
//! Canonicalisation covers exactly what quay writes: elements, attributes
//! and text without namespaces (a namespace inside the signed data is
//! refused rather than canonicalised half right). The `SignedInfo` and
//! `Object` are written by quay already in canonical form.
//!
//! The key and certificate come from the seller's PKCS#12 file; the
//! password is given by the caller and never kept.

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};

use super::EinvoiceError;

const DSIG: &str = "http://www.w3.org/2000/09/xmldsig#";
const C14N: &str = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315";
const RSA_SHA256: &str = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
const SHA256: &str = "http://www.w3.org/2001/04/xmlenc#sha256";
const ENVELOPED: &str = "http://www.w3.org/2000/09/xmldsig#enveloped-signature";

/// The seller's signing identity, opened from a PKCS#12 file.
pub struct Signer {
    key: rsa::PrivateKey,
    /// DER of the signing certificate.
    cert: Vec<u8>,
    /// The certificate's subject, for people.
    pub subject: String,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer")
            .field("subject", &self.subject)
            .finish_non_exhaustive()
    }
}

impl Signer {
    /// Open a PKCS#12 file (`.p12`/`.pfx`) with its password: it must hold
    /// an RSA private key and its certificate.
    pub fn from_pkcs12(p12: &[u8], password: &str) -> Result<Signer, EinvoiceError> {
        let store = p12_keystore::KeyStore::from_pkcs12(p12, password, p12_keystore::Pkcs12ImportPolicy::Relaxed)
            .map_err(|e| EinvoiceError::P12Open(e.to_string()))?;
        let Some((_, chain)) = store.private_key_chain() else {
            return Err(EinvoiceError::P12NoKey);
        };
        let Some(cert) = chain.certs().first() else {
            return Err(EinvoiceError::P12NoCert);
        };
        use rsa::pkcs8::DecodePrivateKey;
        let key =
            rsa::PrivateKey::from_pkcs8_der(chain.key().as_der()).map_err(|e| EinvoiceError::P12Key(e.to_string()))?;
        Ok(Signer {
            key,
            cert: cert.as_der().to_vec(),
            subject: cert.subject().to_string(),
        })
    }

    /// SHA-256 of the certificate (hex), to name it in the audit log.
    pub fn fingerprint(&self) -> String {
        hex::encode(Sha256::digest(&self.cert))
    }

    fn sign_bytes(&self, data: &[u8]) -> Result<Vec<u8>, EinvoiceError> {
        let digest = Sha256::digest(data);
        self.key
            .sign(rsa::Pkcs1v15Sign::new::<Sha256>(), &digest)
            .map_err(|e| EinvoiceError::Sign(e.to_string()))
    }
}

/// Escape text the C14N way.
fn c14n_text(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// Escape an attribute value the C14N way.
fn c14n_attr(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c => out.push(c),
        }
    }
}

/// Inclusive C14N 1.0 (without comments) of the subtree at `node`, for
/// XML without namespaces.
pub fn canonicalize(node: roxmltree::Node<'_, '_>) -> Result<String, EinvoiceError> {
    let mut out = String::new();
    walk(node, &mut out)?;
    Ok(out)
}

fn walk(node: roxmltree::Node<'_, '_>, out: &mut String) -> Result<(), EinvoiceError> {
    match node.node_type() {
        roxmltree::NodeType::Element => {
            if node.tag_name().namespace().is_some() || node.namespaces().len() > 0 {
                return Err(EinvoiceError::XmlNamespace(node.tag_name().name().to_string()));
            }
            let name = node.tag_name().name();
            out.push('<');
            out.push_str(name);
            let mut attrs: Vec<(&str, &str)> = node.attributes().map(|a| (a.name(), a.value())).collect();
            attrs.sort();
            for (k, v) in attrs {
                out.push(' ');
                out.push_str(k);
                out.push_str("=\"");
                c14n_attr(v, out);
                out.push('"');
            }
            out.push('>');
            for c in node.children() {
                walk(c, out)?;
            }
            out.push_str("</");
            out.push_str(name);
            out.push('>');
        }
        roxmltree::NodeType::Text => c14n_text(node.text().unwrap_or(""), out),
        roxmltree::NodeType::PI => {
            if let Some(pi) = node.pi() {
                out.push_str("<?");
                out.push_str(pi.target);
                if let Some(v) = pi.value {
                    out.push(' ');
                    out.push_str(v);
                }
                out.push_str("?>");
            }
        }
        roxmltree::NodeType::Comment | roxmltree::NodeType::Root => {}
    }
    Ok(())
}

fn b64_digest(data: &[u8]) -> String {
    B64.encode(Sha256::digest(data))
}

/// Sign a 206 message: canonicalise its `DLieu` (found by `data_id`), add
/// a signature with the signing time (`YYYY-MM-DDTHH:MM:SS`, Vietnam time)
/// and put it in `CKSNNT` after `DLieu`. Returns the signed message.
pub fn sign_message(
    message: &[u8],
    data_id: &str,
    signer: &Signer,
    signing_time: &str,
) -> Result<Vec<u8>, EinvoiceError> {
    let text = std::str::from_utf8(message).map_err(|_| EinvoiceError::NotUtf8)?;
    let doc = roxmltree::Document::parse(text).map_err(|e| EinvoiceError::NotXml(e.to_string()))?;
    let dlieu = doc
        .descendants()
        .find(|n| n.has_tag_name("DLieu") && n.attribute("Id") == Some(data_id))
        .ok_or_else(|| EinvoiceError::NoData(data_id.to_string()))?;
    let data_digest = b64_digest(canonicalize(dlieu)?.as_bytes());
    let sig_id = format!("SIG-{data_id}");
    let obj_id = format!("ST-{data_id}");
    let mut time = String::new();
    c14n_text(signing_time, &mut time);
    // written in canonical form already (explicit end tags, the inherited
    // default namespace declared on the element itself)
    let object = format!(
        "<Object xmlns=\"{DSIG}\" Id=\"{obj_id}\"><SignatureProperties><SignatureProperty Target=\"#{sig_id}\"><SigningTime>{time}</SigningTime></SignatureProperty></SignatureProperties></Object>"
    );
    let object_digest = b64_digest(object.as_bytes());
    let signed_info = format!(
        "<SignedInfo xmlns=\"{DSIG}\"><CanonicalizationMethod Algorithm=\"{C14N}\"></CanonicalizationMethod><SignatureMethod Algorithm=\"{RSA_SHA256}\"></SignatureMethod><Reference URI=\"#{data_id}\"><Transforms><Transform Algorithm=\"{ENVELOPED}\"></Transform><Transform Algorithm=\"{C14N}\"></Transform></Transforms><DigestMethod Algorithm=\"{SHA256}\"></DigestMethod><DigestValue>{data_digest}</DigestValue></Reference><Reference URI=\"#{obj_id}\"><DigestMethod Algorithm=\"{SHA256}\"></DigestMethod><DigestValue>{object_digest}</DigestValue></Reference></SignedInfo>"
    );
    let value = B64.encode(signer.sign_bytes(signed_info.as_bytes())?);
    let cert = B64.encode(&signer.cert);
    let signature = format!(
        "<CKSNNT><Signature xmlns=\"{DSIG}\" Id=\"{sig_id}\">{signed_info}<SignatureValue>{value}</SignatureValue><KeyInfo><X509Data><X509Certificate>{cert}</X509Certificate></X509Data></KeyInfo>{object}</Signature></CKSNNT>"
    );
    let end = "</TDiep>";
    let Some(body) = text.trim_end().strip_suffix(end) else {
        return Err(EinvoiceError::NoEnd);
    };
    if body.contains("<CKSNNT>") {
        return Err(EinvoiceError::AlreadySigned);
    }
    let mut out = String::with_capacity(text.len() + signature.len());
    out.push_str(body);
    out.push_str(&signature);
    out.push_str(end);
    Ok(out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_form_of_quays_xml() {
        let x = "<TDiep><DLieu Id=\"a&amp;b\"><HDon><Ten>A &quot;&amp;&apos; &lt;b&gt;</Ten><DSCKS><NBan/></DSCKS></HDon></DLieu></TDiep>";
        let doc = roxmltree::Document::parse(x).unwrap();
        let d = doc.descendants().find(|n| n.has_tag_name("DLieu")).unwrap();
        assert_eq!(
            canonicalize(d).unwrap(),
            "<DLieu Id=\"a&amp;b\"><HDon><Ten>A \"&amp;' &lt;b&gt;</Ten><DSCKS><NBan></NBan></DSCKS></HDon></DLieu>"
        );
        let ns = roxmltree::Document::parse("<a xmlns=\"urn:x\"><b/></a>").unwrap();
        assert!(canonicalize(ns.root_element()).is_err());
    }
}
