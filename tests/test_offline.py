import zipfile

from reportarchive.offline import TOP_FOLDER, make_zip


def test_zip_is_one_folder_and_deterministic(tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "fr").mkdir(parents=True)
    (site / "index.html").write_text("root")
    (site / "fr" / "index.html").write_text("fr")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert make_zip(site, tmp_path / "a.zip") == 2
    (site / "index.html").touch()
    make_zip(site, tmp_path / "b.zip")
    assert (tmp_path / "a.zip").read_bytes() == (tmp_path / "b.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "a.zip") as archive:
        assert archive.namelist() == [
            f"{TOP_FOLDER}/",
            f"{TOP_FOLDER}/fr/",
            f"{TOP_FOLDER}/fr/index.html",
            f"{TOP_FOLDER}/index.html",
        ]
