"""Uploaded images keep nothing but their pixels: a resident's phone photo carries the GPS
position where it was taken (often their home). Every upload path re-encodes: residents'
project photos, staff's progress photos, Wagtail's image library. A small copy is made for
phones, and photos are served when DEBUG is off (nginx in production, or SERVE_MEDIA)."""

import io
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import PurePath

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import timezone
from PIL import Image

from participation.images import PHONE_WIDTH, phone_name
from proposals.budgeting.models import Project, ProjectPhoto

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def photo_with_gps(name="IMG_2041.jpg", *, size=(1600, 800), image_format="JPEG", rotated=False) -> SimpleUploadedFile:
    """A phone photo: GPS position (Yangiqoʻrgʻon), the owner's name, the camera's serial; with
    ``rotated`` the camera's "turn 90°" tag, as phones held upright write it."""
    exif = Image.Exif()
    exif[0x013B] = "Dilnoza Karimova"  # Artist
    exif[0xA431] = "SN-4815162342"  # BodySerialNumber
    exif[0x010F] = "PhoneMaker"
    if rotated:
        exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (41.0, 11.0, 30.0), 3: "E", 4: (71.0, 43.0, 12.0)})
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, format=image_format, exif=exif.tobytes())
    content_type = {"JPEG": "image/jpeg", "WEBP": "image/webp", "PNG": "image/png"}[image_format]
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def metadata_of(path) -> dict:
    with Image.open(path) as image:
        found = {key: value for key, value in image.info.items() if key in ("exif", "xmp", "XML:com.adobe.xmp")}
        if image.getexif():
            found["exif-tags"] = dict(image.getexif())
        if getattr(image, "text", None):
            found["text"] = dict(image.text)
        return found


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def submit(client, cycle, tree, photos):
    from proposals.budgeting.models import PBCategory

    return client.post(
        f"/uz/budget/{cycle.pk}/submit/",
        {
            "title": "Navbahor bolalar maydonchasi",
            "description": "Mahalla markazida bolalar maydonchasi qurish, 300 bola uchun.",
            "category": PBCategory.objects.get(slug="roads").pk,
            "mahalla": tree.navbahor.pk,
            "estimated_cost": "120 000 000",
            "photos": photos,
        },
    )


def test_a_residents_photo_is_stored_without_its_gps_position_or_any_metadata(
    client, make_cycle, resident, tree, media
):
    cycle = make_cycle("submission", at=timezone.now())
    client.force_login(resident())
    sent = photo_with_gps()
    assert metadata_of(io.BytesIO(sent.read()))  # the test photo does carry it
    sent.seek(0)
    png = photo_with_gps("chizma.png", image_format="PNG", size=(300, 200))
    webp = photo_with_gps("rasm.webp", image_format="WEBP", size=(300, 200))
    assert submit(client, cycle, tree, [sent, png, webp]).status_code == 302
    project = Project.objects.get()
    stored = [photo.image for photo in project.photos.all()]
    assert [PurePath(image.name).suffix for image in stored] == [".jpg", ".png", ".webp"]
    for image in stored:
        assert metadata_of(image.path) == {}, image.name
        assert "IMG_2041" not in image.name  # never the uploader's file name


def test_a_photo_taken_upright_stays_upright_once_its_orientation_tag_is_gone(
    client, make_cycle, resident, tree, media
):
    cycle = make_cycle("submission", at=timezone.now())
    client.force_login(resident())
    assert submit(client, cycle, tree, [photo_with_gps(size=(400, 300), rotated=True)]).status_code == 302
    with Image.open(ProjectPhoto.objects.get().image.path) as stored:
        assert stored.size == (300, 400)


def test_a_small_copy_is_made_for_phones_and_shown_in_lists(client, make_cycle, make_project, resident, tree, media):
    cycle = make_cycle("submission", at=timezone.now())
    client.force_login(resident())
    assert submit(client, cycle, tree, [photo_with_gps(size=(1600, 800))]).status_code == 302
    photo = ProjectPhoto.objects.get()
    small = media / phone_name(photo.image.name)
    with Image.open(small) as image:
        assert image.size == (PHONE_WIDTH, PHONE_WIDTH // 2)
        assert metadata_of(small) == {}
    page = client.get(f"/uz/budget/projects/{photo.project.pk}/").content.decode()
    assert f'src="/media/{phone_name(photo.image.name)}"' in page  # the small copy in <img>
    assert f'href="/media/{photo.image.name}"' in page  # the original behind the link


def test_staff_progress_photos_are_re_encoded_too(make_cycle, make_project, people, media):
    from proposals.budgeting.models import ProjectStatus
    from proposals.budgeting.services import projects as project_services

    cycle = make_cycle("implementation", at=timezone.now())
    project = make_project(cycle, status=ProjectStatus.SELECTED)
    project_services.project_report_progress(
        project,
        staff=people.manager,
        text="Poydevor quyildi.",
        status="in_progress",
        progress=30,
        photos=[photo_with_gps()],
        now=timezone.now() + timedelta(minutes=1),
    )
    assert metadata_of(ProjectPhoto.objects.get(project=project).image.path) == {}


def test_wagtail_images_are_re_encoded_without_metadata(django_user_model, media):
    from wagtail.images import get_image_model
    from wagtail.images.forms import get_image_form
    from wagtail.models import Collection

    staff = django_user_model.objects.create_superuser(email="rasm@demo.test", password="x-Long-Pass-2026")
    form = get_image_form(get_image_model())(
        data={"title": "Maktab", "collection": str(Collection.get_first_root_node().pk)},
        files={"file": photo_with_gps("maktab.jpg")},
        user=staff,
    )
    assert form.is_valid(), form.errors
    image = form.save()
    assert metadata_of(image.file.path) == {}
    assert (image.width, image.height) == (1600, 800)


@pytest.fixture
def stored_photo(media):
    folder = media / "pb" / "projects"
    folder.mkdir(parents=True)
    (folder / "a1b2.jpg").write_bytes(photo_with_gps().read())
    (media / "documents").mkdir()
    (media / "documents" / "private.pdf").write_bytes(b"%PDF-1.4 private")
    return "/media/pb/projects/a1b2.jpg"


@override_settings(DEBUG=False, SERVE_MEDIA=True)
def test_photos_are_served_with_debug_off_when_django_serves_media(client, stored_photo):
    response = client.get(stored_photo)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert "sandbox" in response["Content-Security-Policy"]
    # Documents go through Wagtail's view, which checks their collection's privacy.
    assert client.get("/media/documents/private.pdf").status_code == 404


@override_settings(DEBUG=False, SERVE_MEDIA=False)
def test_without_serve_media_nginx_serves_photos_and_django_does_not(client, stored_photo):
    assert client.get(stored_photo).status_code == 404


def test_production_settings_serve_photos_through_django_only_when_asked():
    """nginx serves /media/ (docs/deployment.md); SERVE_MEDIA=true lets Django do it where no
    nginx stands in front, and uploads are readable by the nginx user either way."""
    code = "from django.conf import settings as s; print(s.SERVE_MEDIA, oct(s.FILE_UPLOAD_PERMISSIONS))"
    assert production(code).stdout.split() == ["False", "0o644"]
    served = production(code, SERVE_MEDIA="true")
    assert served.stdout.split() == ["True", "0o644"], served.stderr


def production(code: str, **extra) -> subprocess.CompletedProcess:
    """The production settings in a fresh interpreter, as a server starts them."""
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "DEBUG", "SERVE_MEDIA"}}
    env.update(
        DJANGO_SETTINGS_MODULE="participation.config.settings.production",
        SECRET_KEY="k" * 64,
        ALLOWED_HOSTS="ishtirok.example.uz",
        SITE_URL="https://ishtirok.example.uz",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/participation",
        EMAIL_URL="smtp://localhost:25",
        REDIS_URL="redis://127.0.0.1:6379/14",
        **extra,
    )
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
