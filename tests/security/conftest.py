"""Shared fixtures of the security tests."""

from __future__ import annotations

import functools

import pytest

from portal.auth import services as auth_services
from portal.auth.passwords import hash_password
from portal.config import REPO_ROOT


@pytest.fixture
def app_overrides():
    """A portal with a logo file, so that /logo.svg has one to serve."""
    return {"PORTAL_LOGO": str(REPO_ROOT / "content" / "brand" / "alon-logo.svg")}


@functools.cache
def _hash_once(password: str) -> str:
    return hash_password(password)


@pytest.fixture(autouse=True)
def _hash_each_password_once(monkeypatch):
    """These tests make many accounts with the same password: hash it once (scrypt is slow)."""
    monkeypatch.setattr(auth_services, "hash_password", _hash_once)
