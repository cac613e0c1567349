from wagtail import hooks

from config.throttling import LockoutViewSet


@hooks.register("register_admin_viewset")
def register_lockouts() -> LockoutViewSet:
    return LockoutViewSet("lockouts")
