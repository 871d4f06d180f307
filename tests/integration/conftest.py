"""Real-data fixtures live in tests/conftest.py (real_ingest, real_settings, real_store)."""
