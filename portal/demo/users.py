"""The demo accounts, one per role."""

from __future__ import annotations

from portal.auth import services

# Known passwords on purpose: these accounts exist only in a demo database.
DEMO_USERS = [
    ("customer@example.com", "Maria Santos", "customer", "demo-customer-pass"),
    ("member@example.com", "Paolo Garcia", "customer", "demo-member-pass"),
    ("editor@example.com", "Jose Reyes", "editor", "demo-editor-pass"),
    ("agent@example.com", "Ana Cruz", "agent", "demo-agent-pass"),
    ("admin@example.com", "Lea Admin", "admin", "demo-admin-pass"),
]


def load_demo_users() -> str:
    """Create the demo accounts that do not exist yet."""
    created = 0
    for email, name, role, password in DEMO_USERS:
        if services.find_user_by_email(email) is None:
            services.create_user(email, name, password, role=role)
            created += 1
    return f"{created} created, {len(DEMO_USERS) - created} already there"
