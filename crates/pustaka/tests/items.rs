//! Scenarios for items (`collections`).

mod common;

use common::{at, laskar_pelangi, new_library};
use pustaka::catalog::ruas;
use pustaka::items::{STATUS_AVAILABLE, STATUS_DEFAULT};
use pustaka::{LibraryError, NewItem};

#[test]
fn two_copies_of_laskar_pelangi_get_their_accession_numbers_in_990() {
    let (_dir, library) = new_library("items-990");
    let catalog = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
    let items = library.items();
    let first = items
        .add(
            catalog.id,
            &NewItem {
                no_induk: Some("0001/PERPUS/2024".into()),
                call_number: Some("899.221 3 HIR l".into()),
                status_id: Some(STATUS_AVAILABLE),
                price: Some(89_000),
                currency: Some("IDR".into()),
                tanggal_pengadaan: Some("2024-01-10".into()),
                ..NewItem::new("B0000001")
            },
            at("2024-01-16 09:00:00"),
        )
        .unwrap();
    assert_eq!(first.catalog_id, Some(catalog.id));
    assert_eq!(first.columns.status_id, Some(1));
    assert_eq!(first.columns.price, Some(89_000));
    assert_eq!(first.create_date.as_deref(), Some("2024-01-16 09:00:00"));
    let second = items
        .add(
            catalog.id,
            &NewItem {
                no_induk: Some("0002/PERPUS/2024".into()),
                ..NewItem::new("B0000002")
            },
            at("2024-01-17 10:30:00"),
        )
        .unwrap();
    assert_eq!(
        second.columns.status_id,
        Some(STATUS_DEFAULT),
        "INLISLite's default"
    );

    let record = library.catalog().get(catalog.id).unwrap().record;
    let last_two: Vec<(String, Option<&str>)> = record.fields[record.fields.len() - 2..]
        .iter()
        .map(|f| (f.tag().to_string(), f.subfield('a')))
        .collect();
    assert_eq!(
        last_two,
        [
            ("990".to_string(), Some("0001/PERPUS/2024")),
            ("990".to_string(), Some("0002/PERPUS/2024"))
        ]
    );
    assert_eq!(record.control("005"), Some("20240117103000"));
    assert_eq!(
        library.catalog().ruas(catalog.id).unwrap(),
        ruas::encode(&record)
    );
    let listed: Vec<String> = items
        .for_catalog(catalog.id)
        .unwrap()
        .into_iter()
        .map(|i| i.columns.nomor_barcode)
        .collect();
    assert_eq!(listed, ["B0000001", "B0000002"]);
    assert_eq!(items.get_by_barcode("B0000002").unwrap(), second);
}

#[test]
fn a_duplicate_barcode_is_refused_naming_the_barcode_and_its_item() {
    let (_dir, library) = new_library("items-dup");
    let catalog = library
        .catalog()
        .add(&laskar_pelangi(), 1, at("2024-01-15 14:05:09"))
        .unwrap();
    let items = library.items();
    items
        .add(
            catalog.id,
            &NewItem::new("B0000001"),
            at("2024-01-16 09:00:00"),
        )
        .unwrap();
    let err = items
        .add(
            catalog.id,
            &NewItem::new("B0000001"),
            at("2024-01-16 09:01:00"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "conflict in collections: NomorBarcode B0000001 is already used by item 1"
    );
    let err = items
        .add(catalog.id, &NewItem::new("  "), at("2024-01-16 09:01:00"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid NomorBarcode: an item needs a barcode"
    );
    let err = items
        .add(
            catalog.id,
            &NewItem {
                status_id: Some(77),
                ..NewItem::new("B0000009")
            },
            at("2024-01-16 09:01:00"),
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "invalid Status_id: status 77 does not exist in collectionstatus"
    );
    let err = items
        .add(99, &NewItem::new("B0000003"), at("2024-01-16 09:01:00"))
        .unwrap_err();
    assert_eq!(err.to_string(), "catalog 99 not found");
    assert_eq!(
        items.get_by_barcode("B0000003").unwrap_err().to_string(),
        "item with NomorBarcode B0000003 not found"
    );

    // A record that still has items cannot be deleted.
    let err = library
        .catalog()
        .delete(catalog.id, at("2024-02-01 08:00:00"))
        .unwrap_err();
    assert!(matches!(
        err,
        LibraryError::Conflict {
            table: "collections",
            ..
        }
    ));
    assert_eq!(
        err.to_string(),
        "conflict in collections: catalog 1 still has 1 item(s); delete them first"
    );
}
