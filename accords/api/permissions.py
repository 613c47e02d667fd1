"""Who may do what through the API."""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accords.editors import is_editor


class EditorsWriteOthersRead(BasePermission):
    """Anyone may read; only editors may create, change or delete."""

    message = "Only members of the Editors group may change data."

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return is_editor(request.user)
