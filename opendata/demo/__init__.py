"""Demo datasets, loaded by ``manage.py load_demo_content`` after the demo pages."""


def load_demo() -> str:
    from opendata.demo.loader import load_demo_datasets

    report = load_demo_datasets()
    return (
        f"datasets: {report.created} created, {report.skipped} already present, "
        f"{report.files} files"
    )
