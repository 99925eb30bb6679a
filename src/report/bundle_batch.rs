//! Reading many ward bundles at once: the same checks and the same outcome
//! for each as [`bundle::parse`], with the Ed25519 signatures verified in
//! batches of [`BATCH`] (one multi-scalar multiplication per batch: on this
//! project's 2-core machine 512 at a time cost about a third of verifying
//! one by one, 64 at a time about a half). A batch that fails is verified
//! again one signature at a time with `verify_strict`, so a bad signature
//! is refused exactly as `parse` refuses it and only its own file.
//!
//! The batch equation is the cofactorless one, like `verify_strict`; keys
//! of small order are refused before (as `verify_strict` refuses them). A
//! signature that only the batch accepts would need the shop's own secret
//! key to make, so it cannot make a forgery pass.

use super::bundle::{self, Bundle, BundleError};

/// Signatures verified together: big enough for the Pippenger method of
/// the multi-scalar multiplication (more than 190 points), small enough
/// that a batch with a bad signature (re-checked one by one) stays cheap.
pub const BATCH: usize = 512;

/// Check every text as [`bundle::parse`] would, in order.
pub fn parse_many(texts: &[&str]) -> Vec<Result<Bundle, BundleError>> {
    let read: Vec<Result<(Bundle, String), BundleError>> = texts.iter().map(|t| bundle::parse_unsigned(t)).collect();
    // None: unsigned; Some(false): refused; Some(true): verified
    let mut verdict: Vec<Option<bool>> = vec![None; read.len()];
    let mut signed = Vec::with_capacity(read.len());
    for (i, r) in read.iter().enumerate() {
        let Ok((b, content)) = r else { continue };
        let Some(s) = &b.signature else { continue };
        match bundle::signature_parts(s) {
            Some((key, sig)) => signed.push((i, key, sig, content.as_bytes())),
            None => verdict[i] = Some(false),
        }
    }
    for group in signed.chunks(BATCH) {
        let all_good = batch_holds(group);
        for (i, key, sig, content) in group {
            // "some bad": each on its own, with the strict check `parse` uses
            verdict[*i] = Some(all_good || key.verify_strict(content, sig).is_ok());
        }
    }
    read.into_iter()
        .zip(verdict)
        .map(|(r, v)| {
            let (b, _) = r?;
            if v == Some(false) {
                return Err(BundleError::BadSignature);
            }
            bundle::plausible(&b).map_err(BundleError::Implausible)?;
            Ok(b)
        })
        .collect()
}

type Signed<'a> = (usize, ed25519_dalek::VerifyingKey, ed25519_dalek::Signature, &'a [u8]);

/// Whether every signature of the group holds, checked as one batch.
fn batch_holds(group: &[Signed<'_>]) -> bool {
    let messages: Vec<&[u8]> = group.iter().map(|g| g.3).collect();
    let signatures: Vec<ed25519_dalek::Signature> = group.iter().map(|g| g.2).collect();
    let keys: Vec<ed25519_dalek::VerifyingKey> = group.iter().map(|g| g.1).collect();
    ed25519_dalek::verify_batch(&messages, &signatures, &keys).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Genuine bundles of many shops pass as one batch: none of them
    /// falls back to the one-by-one check (which costs three times more).
    #[test]
    fn genuine_bundles_of_many_shops_pass_as_one_batch() {
        let texts: Vec<String> = (0..40u8)
            .map(|i| {
                let key = ed25519_dalek::SigningKey::from_bytes(&[i; 32]);
                let mut b = bundle::tests::sample(10 + i64::from(i), 5, 1_000_000, 500_000);
                bundle::seal(&mut b, Some(&key));
                serde_json::to_string_pretty(&b).unwrap()
            })
            .collect();
        let read: Vec<(Bundle, String)> = texts.iter().map(|t| bundle::parse_unsigned(t).unwrap()).collect();
        let group: Vec<Signed<'_>> = read
            .iter()
            .enumerate()
            .map(|(i, (b, content))| {
                let (key, sig) = bundle::signature_parts(b.signature.as_ref().unwrap()).unwrap();
                (i, key, sig, content.as_bytes())
            })
            .collect();
        assert!(batch_holds(&group));
        assert!(!batch_holds(&[group[0], (1, group[1].1, group[0].2, group[1].3)]));
    }

    #[test]
    fn many_at_once_give_what_one_by_one_gives() {
        let key = ed25519_dalek::SigningKey::from_bytes(&[7; 32]);
        let other = ed25519_dalek::SigningKey::from_bytes(&[9; 32]);
        let mut texts = Vec::new();
        for i in 0..150i64 {
            let mut b = bundle::tests::sample(10 + i, 5, 1_000_000, 500_000);
            bundle::seal(&mut b, Some(&key));
            match i {
                // a figure changed, the checksum recomputed, the signature kept
                3 | 70 | 149 => {
                    let sig = b.signature.clone();
                    b.sales.sales += 1;
                    b.sales.by_method[0].count += 1;
                    bundle::seal(&mut b, None);
                    b.signature = sig;
                }
                // signed by another key (no register here: accepted)
                5 => bundle::seal(&mut b, Some(&other)),
                // unsigned
                6 => bundle::seal(&mut b, None),
                // not JSON
                7 => {
                    texts.push("{".to_string());
                    continue;
                }
                // a malformed signature
                8 => b.signature.as_mut().unwrap().value = "zz".into(),
                // impossible figures, well signed
                9 => {
                    b.sales.cashless_value = b.sales.value + 1;
                    bundle::seal(&mut b, Some(&key));
                }
                _ => {}
            }
            texts.push(serde_json::to_string(&b).unwrap());
        }
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        let many = parse_many(&refs);
        let one: Vec<_> = refs.iter().map(|t| bundle::parse(t)).collect();
        assert_eq!(many, one);
        let refused: Vec<usize> = many
            .iter()
            .enumerate()
            .filter(|(_, r)| r.is_err())
            .map(|(i, _)| i)
            .collect();
        assert_eq!(refused, vec![3, 7, 8, 9, 70, 149]);
        assert_eq!(many[3], Err(BundleError::BadSignature));
    }
}
