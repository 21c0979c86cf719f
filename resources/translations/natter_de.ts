<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>TokenStore</name>
    <message>
        <location filename="../../client/app/token_store.cpp" line="27"/>
        <source>the keychain is not available: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="53"/>
        <source>the system keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="95"/>
        <source>a file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/token_store.cpp" line="116"/>
        <source>memory, for this session only</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../../client/app/main.cpp" line="32"/>
        <source>Natter desktop client</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main.cpp" line="36"/>
        <source>Server to offer at sign-in.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main.cpp" line="40"/>
        <source>Folder for settings and caches.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main.cpp" line="43"/>
        <source>Keep the session in a file only you can read, for systems without a keychain.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>natter::app::Composer</name>
    <message>
        <location filename="../../client/app/composer.cpp" line="11"/>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <location filename="../../client/app/composer.cpp" line="12"/>
        <source>Write a message…</source>
        <translation>Nachricht schreiben…</translation>
    </message>
</context>
<context>
    <name>natter::app::DesktopClient</name>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="100"/>
        <source>Your session could not be stored (%1); you will have to sign in again next time, or start natter with --token-file to keep it in a file only you can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/desktop_client.cpp" line="123"/>
        <source>The local cache cannot be opened: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>natter::app::GroupInfoDialog</name>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="19"/>
        <source>Add</source>
        <translation>Hinzufügen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="20"/>
        <source>Remove selected</source>
        <translation>Auswahl entfernen</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="25"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="27"/>
        <source>Username to add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="29"/>
        <source>Add member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="31"/>
        <source>Remove selected member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="64"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/group_info_dialog.cpp" line="70"/>
        <source>%1 (admin)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>natter::app::MainWindow</name>
    <message>
        <location filename="../../client/app/main_window.cpp" line="64"/>
        <source>Find a conversation</source>
        <translation>Unterhaltung suchen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="65"/>
        <source>Search conversations (Ctrl+K)</source>
        <translation>Unterhaltungen durchsuchen (Strg+K)</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="71"/>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="77"/>
        <source>Conversation title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="82"/>
        <source>Group info</source>
        <translation>Gruppeninfo</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="83"/>
        <source>Members…</source>
        <translation>Mitglieder…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="86"/>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="95"/>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="97"/>
        <source>Send message</source>
        <translation>Nachricht senden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="99"/>
        <source>Connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="200"/>
        <source>&amp;Conversation</source>
        <translation>&amp;Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="202"/>
        <source>&amp;New conversation…</source>
        <translation>&amp;Neue Unterhaltung…</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="205"/>
        <source>&amp;Jump to conversation</source>
        <translation>Zu Unterhaltung &amp;springen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="213"/>
        <source>Sign &amp;out</source>
        <translation>&amp;Abmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="215"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="218"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="219"/>
        <source>Desktop &amp;notifications</source>
        <translation>Desktop-&amp;Benachrichtigungen</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="323"/>
        <source>%1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="331"/>
        <source>Natter (%1) — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="332"/>
        <source>Natter — %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="342"/>
        <source>Connected</source>
        <translation>Verbunden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="345"/>
        <source>Connecting…</source>
        <translation>Verbinde…</translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/main_window.cpp" line="349"/>
        <source>Reconnecting in %n s</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="353"/>
        <source>Offline</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="400"/>
        <source>Retry</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <location filename="../../client/app/main_window.cpp" line="401"/>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
</context>
<context>
    <name>natter::app::MessageDelegate</name>
    <message>
        <location filename="../../client/app/message_delegate.cpp" line="98"/>
        <source>Today</source>
        <translation>Heute</translation>
    </message>
</context>
<context>
    <name>natter::app::NewConversationDialog</name>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="23"/>
        <source>New conversation</source>
        <translation>Neue Unterhaltung</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="25"/>
        <source>Conversation kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="27"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="29"/>
        <source>Group title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="31"/>
        <source>Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="32"/>
        <source>usernames, separated by commas</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="34"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="39"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="42"/>
        <source>&amp;Title:</source>
        <translation>&amp;Titel:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="43"/>
        <source>&amp;Members:</source>
        <translation>&amp;Mitglieder:</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="44"/>
        <source>Direct</source>
        <translation>Direkt</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="45"/>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="49"/>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="50"/>
        <source>Create</source>
        <translation>Erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/new_conversation_dialog.cpp" line="52"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>natter::app::SignInDialog</name>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="22"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="37"/>
        <source>Stay signed in</source>
        <translation>Angemeldet bleiben</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="24"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="39"/>
        <source>Log in</source>
        <translation>Anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="25"/>
        <location filename="../../client/app/sign_in_dialog.cpp" line="40"/>
        <source>Create account</source>
        <translation>Konto erstellen</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="28"/>
        <source>Sign in to Natter</source>
        <translation>Bei Natter anmelden</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="33"/>
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="34"/>
        <source>Username</source>
        <translation>Benutzername</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="35"/>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="36"/>
        <source>Display name</source>
        <translation>Anzeigename</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="38"/>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="42"/>
        <source>Only when creating an account</source>
        <translation>Nur beim Erstellen eines Kontos</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="49"/>
        <source>&amp;Server:</source>
        <translation>&amp;Server:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="50"/>
        <source>&amp;Username:</source>
        <translation>&amp;Benutzername:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="51"/>
        <source>&amp;Password:</source>
        <translation>&amp;Passwort:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="52"/>
        <source>&amp;Display name:</source>
        <translation>&amp;Anzeigename:</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="102"/>
        <source>Wrong username or password.</source>
        <translation>Falscher Benutzername oder falsches Passwort.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="104"/>
        <source>This username is taken. Choose another one.</source>
        <translation>Dieser Benutzername ist vergeben. Bitte wähle einen anderen.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="106"/>
        <source>This server runs an incompatible version of Natter: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="108"/>
        <source>Cannot reach the server. Check the address and your connection.</source>
        <translation>Der Server ist nicht erreichbar. Prüfe die Adresse und deine Verbindung.</translation>
    </message>
    <message>
        <location filename="../../client/app/sign_in_dialog.cpp" line="119"/>
        <source>The server address must start with ws:// or wss://.</source>
        <translation>Die Serveradresse muss mit ws:// oder wss:// beginnen.</translation>
    </message>
</context>
<context>
    <name>natter::app::TrayNotifier</name>
    <message>
        <location filename="../../client/app/notifier.cpp" line="21"/>
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <location filename="../../client/app/notifier.cpp" line="39"/>
        <source>Natter — %n unread</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::ConversationListModel</name>
    <message numerus="yes">
        <location filename="../../client/core/conversation_list_model.cpp" line="71"/>
        <source>%1, %n unread</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>natter::client::MessageListModel</name>
    <message>
        <location filename="../../client/core/message_list_model.cpp" line="119"/>
        <source>%1 at %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
