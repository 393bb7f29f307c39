import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_DIR / "scripts"))
# The usual umask, whatever the shell's: tests assert the modes it gives.
os.umask(0o022)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


def make_project(root: Path, seeds: Path | None = None) -> Path:
    """A throwaway copy of the project's inputs, so tests never touch docs/ or site/."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(PROJECT_DIR / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(PROJECT_DIR / "docs" / "overrides", root / "docs" / "overrides")
    shutil.copytree(seeds or PROJECT_DIR / "seeds", root / "seeds")
    return root


def run_build(project: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(PROJECT_DIR / "scripts" / "build.py"), "--project", str(project), *args],
        capture_output=True, text=True, env={**os.environ, **env} if env else None,
    )


def _real_seeds_built(folder: Path, env: dict | None = None) -> tuple[Path, str]:
    project = make_project(folder)
    result = run_build(project, "--strict", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    return project, result.stdout + result.stderr


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright (one per test session)."""
    from playwright.sync_api import sync_playwright

    from browserkit import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def built_project(tmp_path_factory) -> tuple[Path, str]:
    """The real seeds built once with --strict: the project and what the build printed."""
    return _real_seeds_built(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="session")
def built_site(built_project) -> Path:
    return built_project[0] / "site"


@pytest.fixture(scope="session")
def built_site_output(built_project) -> str:
    return built_project[1]


HOSTED_SITE_URL = "https://archive.example.org/reports"


@pytest.fixture(scope="session")
def hosted_project(tmp_path_factory) -> tuple[Path, str]:
    """The real seeds built with a site_url (SITE_URL)."""
    return _real_seeds_built(tmp_path_factory.mktemp("hosted"), {"SITE_URL": HOSTED_SITE_URL})


@pytest.fixture(scope="session")
def hosted_site(hosted_project) -> Path:
    return hosted_project[0] / "site"


@pytest.fixture(scope="session")
def hosted_site_output(hosted_project) -> str:
    return hosted_project[1]


# Seeds in languages the real seeds do not have: a new language must need no configuration.
NEW_LANGUAGE_SEEDS = {
    "005_es.txt": (
        "El teniente general presidió la conferencia sobre la transformación digital del sector político. "
        "Los delegados analizaron los resultados del proyecto y propusieron nuevas tareas para el próximo año.\n\n"
        "Según el plan, las agencias y unidades deben coordinarse estrechamente para completar el proyecto a tiempo.\n\n"
        "Fuente: https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bao-dam-tien-do-chat-luong-du-an-chuyen-doi-so-nganh-cong-tac-dang-cong-tac-chinh-tri-834487\n"
    ),
    "006_el.txt": (
        "Ο υπουργός Άμυνας παρουσίασε το σχέδιο ψηφιακού μετασχηματισμού στη διάσκεψη των αντιπροσώπων. "
        "Οι αντιπρόσωποι συζήτησαν τα αποτελέσματα του έργου και πρότειναν νέα καθήκοντα για τον επόμενο χρόνο.\n\n"
        "Πηγή: https://example.org/el/psifiakos-metaschimatismos-amyna\n"
    ),
    "007_vi.txt": (
        "Bộ Quốc phòng đã tổ chức hội nghị về chuyển đổi số trong ngành công tác đảng và công tác chính trị. "
        "Các đại biểu đã thảo luận kết quả của dự án và đề xuất nhiệm vụ mới cho năm tới.\n\n"
        "Nguồn: https://example.org/vi/hoi-nghi-chuyen-doi-so-quoc-phong\n"
    ),
    # Scripts with no spaces between words, right-to-left scripts, Cyrillic, Devanagari.
    "008_zh.txt": (
        "国防部在首都举行了关于数字化转型的会议。代表们讨论了项目的成果，并提出了明年的新任务。\n\n"
        "各机关和单位必须密切配合，按时完成项目，确保质量和进度。\n\n"
        "文/图：张伟\n"
        "来源：https://example.org/zh/shuzihua-zhuanxing-huiyi\n"
        "评论（0）\n"
    ),
    "009_ja.txt": (
        "防衛省は首都でデジタル変革に関する会議を開催した。代表者たちはプロジェクトの成果について議論し、来年の新しい任務を提案した。\n\n"
        "各機関と部隊は緊密に協力し、期限内にプロジェクトを完了しなければならない。\n\n"
        "出典：https://example.org/ja/dejitaru-henkaku-kaigi\n"
    ),
    "010_ar.txt": (
        "عقدت وزارة الدفاع مؤتمرا حول التحول الرقمي في العاصمة. وناقش المندوبون نتائج المشروع واقترحوا مهام جديدة للعام المقبل.\n\n"
        "ويجب على الهيئات والوحدات أن تتعاون بشكل وثيق لإنجاز المشروع في الوقت المحدد.\n\n"
        "تقرير وتصوير: أحمد علي\n"
        "المصدر: https://www.qdnd.vn/quoc-phong-an-ninh/tin-tuc/bao-dam-tien-do-chat-luong-du-an-chuyen-doi-so-nganh-cong-tac-dang-cong-tac-chinh-tri-834487\n"
        "تعليقات (0)\n"
    ),
    "011_he.txt": (
        "משרד הביטחון קיים כנס בנושא טרנספורמציה דיגיטלית בבירה. הנציגים דנו בתוצאות הפרויקט והציעו משימות חדשות לשנה הבאה.\n\n"
        "על הגופים והיחידות לשתף פעולה באופן הדוק כדי להשלים את הפרויקט בזמן.\n\n"
        "מקור: https://example.org/he/kenes-transformatsya-digitalit\n"
    ),
    "012_th.txt": (
        "กระทรวงกลาโหมจัดการประชุมเรื่องการเปลี่ยนแปลงทางดิจิทัลที่เมืองหลวง ผู้แทนได้หารือเกี่ยวกับผลของโครงการและเสนองานใหม่สำหรับปีหน้า\n\n"
        "หน่วยงานและหน่วยต่างๆ ต้องร่วมมือกันอย่างใกล้ชิดเพื่อให้โครงการเสร็จตามกำหนด\n\n"
        "ที่มา: https://example.org/th/prachum-plianplaeng-dijithan\n"
        "ความคิดเห็น (0)\n"
    ),
    "013_ru.txt": (
        "Министерство обороны провело в столице конференцию по цифровой трансформации. "
        "Делегаты обсудили результаты проекта и предложили новые задачи на следующий год.\n\n"
        "Органы и подразделения должны тесно взаимодействовать, чтобы завершить проект в срок.\n\n"
        "Источник: https://example.org/ru/konferentsiya-tsifrovaya-transformatsiya\n"
    ),
    "014_hi.txt": (
        "रक्षा मंत्रालय ने राजधानी में डिजिटल परिवर्तन पर एक सम्मेलन आयोजित किया। "
        "प्रतिनिधियों ने परियोजना के परिणामों पर चर्चा की और अगले वर्ष के लिए नए कार्य प्रस्तावित किए।\n\n"
        "सभी एजेंसियों और इकाइयों को परियोजना समय पर पूरी करने के लिए मिलकर काम करना होगा।\n\n"
        "स्रोत: https://example.org/hi/digital-parivartan-sammelan\n"
    ),
}


@pytest.fixture(scope="session")
def site_with_new_languages(tmp_path_factory) -> Path:
    project = make_project(tmp_path_factory.mktemp("new-languages"))
    for name, text in NEW_LANGUAGE_SEEDS.items():
        (project / "seeds" / name).write_text(text, encoding="utf-8")
    result = run_build(project, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"
