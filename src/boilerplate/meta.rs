//! Metadata from pages: title, publication date, canonical URL, author, site.
